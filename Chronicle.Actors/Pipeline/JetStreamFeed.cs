using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Tracing;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// The forwarder's side of JetStream: one connection, the stream created or updated to the
/// feed's configuration, its current position, and publishing that refuses to write past a hole.
/// </summary>
internal sealed class JetStreamFeed : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly ForwarderOptions _options;
    private ulong _lastSequence;

    private JetStreamFeed(NatsConnection connection, ForwarderOptions options)
    {
        _connection = connection;
        _js = new NatsJSContext(connection);
        _options = options;
    }

    /// <summary>Raised when the connection drops: the server may have restarted with less than it acknowledged.</summary>
    public event Action? Disconnected;

    public static async Task<JetStreamFeed> ConnectAsync(ForwarderOptions options, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = options.NatsUrl,
            Name = "chronicle-forwarder",
            ConnectTimeout = options.PublishTimeout,
            RequestTimeout = options.PublishTimeout,
            // The forwarder never rides out a disconnect on this connection: it starts over (see Disconnected).
            MaxReconnectRetry = 0,
        });
        var feed = new JetStreamFeed(connection, options);
        try
        {
            await connection.ConnectAsync();
            connection.ConnectionDisconnected += (_, _) =>
            {
                feed.Disconnected?.Invoke();
                return ValueTask.CompletedTask;
            };
            await feed.EnsureStreamAsync(cancellationToken);
            return feed;
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
    }

    /// <summary>Idempotent: creates the stream, or brings an existing one to the feed's configuration (a new replica count too: JetStream copies the stream to the servers it adds).</summary>
    private async Task EnsureStreamAsync(CancellationToken cancellationToken)
    {
        var config = new StreamConfig(EventFeed.StreamName, [$"{EventFeed.SubjectPrefix}.>"])
        {
            Description = "Chronicle ledger change feed: every journal event, in journal order (docs/EVENT-FEED.md)",
            Storage = StreamConfigStorage.File,
            NumReplicas = _options.StreamReplicas,
            Retention = StreamConfigRetention.Limits,
            DuplicateWindow = _options.DuplicateWindow,
            // A deleted message would be a hole a consumer cannot tell from a lost one.
            DenyDelete = true,
            AllowDirect = true,
        };
        await _js.CreateOrUpdateStreamAsync(config, cancellationToken);
    }

    /// <summary>
    /// Where the stream is now, read from the stream itself: its last message carries the journal
    /// ordering it was forwarded from. An empty (or wiped, or purged) stream starts from the journal's beginning.
    /// </summary>
    public async Task<FeedPosition> ReadPositionAsync(CancellationToken cancellationToken)
    {
        var stream = await _js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        var state = stream.Info.State;
        _lastSequence = state.LastSeq;
        if (state.Messages == 0) return FeedPosition.Empty with { StreamSequence = state.LastSeq };

        var last = await stream.GetAsync(new StreamMsgGetRequest { Seq = state.LastSeq }, cancellationToken);
        var ordering = OrderingOf(last.Message)
                       ?? throw new InvalidOperationException($"message {state.LastSeq} on {EventFeed.StreamName} has no {EventFeed.OrderingHeader} header");
        return new FeedPosition(state.LastSeq, ordering);
    }

    /// <summary>
    /// Publishes <paramref name="batch"/> in order and returns once the stream acknowledged all of
    /// it. The messages go out back to back on the one connection (NATS keeps a connection's
    /// publishes in order), their acknowledgements are awaited afterwards, in order: one round trip
    /// per batch instead of one per message.
    /// <para>
    /// Each message says which stream sequence it must follow (<c>Nats-Expected-Last-Sequence</c>):
    /// the first the stream's last, each next one more. The stream stores a message only right
    /// after the one before it, so nothing lands out of journal order, and if the server lost its
    /// tail (a crash before its periodic flush) it refuses: the batch throws and the forwarder
    /// starts over from what the stream really holds instead of writing on past the hole. A
    /// duplicate (another forwarder got there first) does not grow the stream, so the messages
    /// after it in the batch are refused too: the same start-over, which then skips what the
    /// stream holds.
    /// </para>
    /// </summary>
    public async Task PublishBatchAsync(IReadOnlyList<FeedMessage> batch, CancellationToken cancellationToken)
    {
        var pending = new NatsJSPublishConcurrentFuture[batch.Count];
        // Each traced event's publish span, ended by its acknowledgement (or with the batch's failure).
        var spans = new Activity?[batch.Count];
        var sent = 0;
        try
        {
            var expected = _lastSequence;
            for (; sent < batch.Count; sent++)
            {
                var message = batch[sent];
                spans[sent] = FeedTracing.StartPublish(message);
                // 0 sends no expectation (nothing to protect in an empty stream).
                var opts = new NatsJSPubOpts { MsgId = message.MsgId, ExpectedLastSequence = expected == 0 ? null : expected };
                var headers = HeadersFor(message, TraceContext.Of(spans[sent]) ?? message.TraceParent);
                pending[sent] = await _js.PublishConcurrentAsync(message.Subject, message.Payload, opts: opts, headers: headers, cancellationToken: cancellationToken);
                expected++;
            }

            for (var i = 0; i < sent; i++)
            {
                var ack = await pending[i].GetResponseAsync(cancellationToken);
                if (ack.Error is { } error)
                    throw new NatsJSApiException(error);
                // A duplicate was stored before; the stream did not grow (and what follows it in this batch is refused).
                if (!ack.Duplicate) _lastSequence = ack.Seq;
                spans[i]?.SetTag("messaging.message.id", ack.Seq);
                TraceContext.Stop(spans[i]);
            }
        }
        finally
        {
            for (var i = 0; i < sent; i++) await pending[i].DisposeAsync();
            // Not acknowledged: the forwarder starts over and publishes these again, each under a span of its own.
            foreach (var span in spans) TraceContext.Stop(span, ActivityStatusCode.Error, "not acknowledged");
        }
    }

    /// <param name="traceParent">The context the projector's span continues (W3C); none when the event is untraced.</param>
    private static NatsHeaders HeadersFor(FeedMessage message, string? traceParent)
    {
        var headers = new NatsHeaders
        {
            [EventFeed.OrderingHeader] = message.Ordering.ToString(CultureInfo.InvariantCulture),
            [EventFeed.PersistenceIdHeader] = message.PersistenceId,
            [EventFeed.SequenceNrHeader] = message.SequenceNr.ToString(CultureInfo.InvariantCulture),
            [EventFeed.EventTypeHeader] = message.EventType,
            ["Content-Type"] = "application/json",
        };
        if (traceParent is not null) headers[TraceContext.TraceParent] = traceParent;
        return headers;
    }

    private static long? OrderingOf(StoredMessage message)
    {
        if (string.IsNullOrEmpty(message.Hdrs)) return null;
        // The raw header block, base64 in the API's answer: "NATS/1.0\r\nName: value\r\n...\r\n\r\n".
        var block = Encoding.UTF8.GetString(Convert.FromBase64String(message.Hdrs));
        foreach (var line in block.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals(EventFeed.OrderingHeader, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(line[(colon + 1)..].Trim(), CultureInfo.InvariantCulture, out var ordering))
                return ordering;
        }
        return null;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
