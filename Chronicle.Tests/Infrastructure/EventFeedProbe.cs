using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chronicle.Contracts.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>One message of the feed as a subscriber sees it.</summary>
public sealed record FeedEntry(ulong StreamSequence, string Subject, string MsgId, long Ordering, JsonElement Envelope);

/// <summary>One journal row, by its position, with its payload as stored.</summary>
public sealed record JournalEntry(long Ordering, string PersistenceId, long SequenceNr, byte[] Message);

/// <summary>Reads the whole event feed and the whole journal, to compare them.</summary>
public sealed class EventFeedProbe(string natsUrl, string eventStore) : IAsyncDisposable
{
    private readonly NatsConnection _connection = new(new NatsOpts { Url = natsUrl, Name = "chronicle-test-probe" });

    private NatsJSContext Js => new(_connection);

    /// <summary>Messages in the stream; 0 while the stream or the server is not there.</summary>
    public async Task<long> CountAsync()
    {
        try
        {
            var stream = await Js.GetStreamAsync(EventFeed.StreamName);
            return (long)stream.Info.State.Messages;
        }
        catch (Exception e) when (e is NatsException or NatsJSApiException or TimeoutException or OperationCanceledException)
        {
            return 0;
        }
    }

    /// <summary>The stream's first and last sequence, and the bytes it holds, now.</summary>
    public async Task<(ulong First, ulong Last, long Bytes)> BoundsAsync()
    {
        var state = (await Js.GetStreamAsync(EventFeed.StreamName)).Info.State;
        return (state.FirstSeq, state.LastSeq, state.Bytes);
    }

    /// <summary>Every message in the stream, by stream sequence.</summary>
    public async Task<IReadOnlyList<FeedEntry>> ReadAllAsync()
    {
        var stream = await Js.GetStreamAsync(EventFeed.StreamName);
        var entries = new List<FeedEntry>();
        for (var seq = stream.Info.State.FirstSeq; seq <= stream.Info.State.LastSeq && stream.Info.State.Messages > 0; seq++)
        {
            var message = (await stream.GetAsync(new StreamMsgGetRequest { Seq = seq })).Message;
            var headers = ParseHeaders(message.Hdrs);
            entries.Add(new FeedEntry(
                message.Seq,
                message.Subject,
                headers[EventFeed.MsgIdHeader],
                long.Parse(headers[EventFeed.OrderingHeader]),
                JsonDocument.Parse(message.Data).RootElement.Clone()));
        }
        return entries;
    }

    /// <summary>Every journal row that belongs on the feed, in journal order.</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadJournalAsync()
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT ordering, persistence_id, sequence_number, message FROM journal WHERE persistence_id NOT LIKE '/%' ORDER BY ordering", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JournalEntry>();
        while (await reader.ReadAsync()) rows.Add(new JournalEntry(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3)));
        return rows;
    }

    /// <summary>
    /// Waits until the stream holds exactly the journal, then checks it message by message: every
    /// event once, in journal order (so in every account's order), under its subject and Msg-Id, its <c>event</c> the
    /// journal's payload as stored (an account's with its <c>chain_hash</c>) less the write's <c>traceparent</c>.
    /// </summary>
    public async Task<IReadOnlyList<FeedEntry>> AssertFeedEqualsJournalAsync(TimeSpan deadline)
    {
        await Eventually.Until(async () => (Stream: await CountAsync(), Journal: (long)(await ReadJournalAsync()).Count),
            counts => counts.Journal > 0 && counts.Stream == counts.Journal, deadline, "stream holds as many messages as the journal has events");
        var journal = await ReadJournalAsync();
        var feed = await ReadAllAsync();
        Assert.Equal(journal.Count, feed.Count);
        for (var i = 0; i < journal.Count; i++)
        {
            var (row, message) = (journal[i], feed[i]);
            Assert.Equal(row.Ordering, message.Ordering);
            Assert.Equal(EventFeed.MsgIdFor(row.PersistenceId, row.SequenceNr), message.MsgId);
            Assert.Equal(EventFeed.SubjectFor(row.PersistenceId), message.Subject);
            Assert.Equal(row.PersistenceId, message.Envelope.GetProperty("persistence_id").GetString());
            Assert.Equal(row.SequenceNr, message.Envelope.GetProperty("sequence_nr").GetInt64());
            Assert.Equal(row.Ordering, message.Envelope.GetProperty("ordering").GetInt64());
            Assert.Equal(AsPublished(row.Message), JsonNode.Parse(message.Envelope.GetProperty("event").GetRawText())!.ToJsonString());
        }
        Assert.Equal(feed.Count, feed.Select(m => m.MsgId).Distinct().Count());
        return feed;
    }

    /// <summary>What the feed must carry of a stored payload, worked out apart from the forwarder's code: the same members, in order, but the trace context.</summary>
    private static string AsPublished(byte[] stored)
    {
        var payload = JsonNode.Parse(stored)!.AsObject();
        payload.Remove("traceparent");
        return payload.ToJsonString();
    }

    /// <summary>Publishes raw, as a second forwarder would; returns the acknowledgement.</summary>
    public async Task<PubAckResponse> PublishAsync(string subject, byte[] payload, string msgId) =>
        await Js.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = msgId });

    private static Dictionary<string, string> ParseHeaders(string? base64)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(base64)) return headers;
        foreach (var line in Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
