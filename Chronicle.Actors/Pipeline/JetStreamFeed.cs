using System.Diagnostics;
using System.Globalization;
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
    // The stream sequence the next message sent must follow: the stream's last when the incarnation began, plus one per message sent.
    private ulong _expected;
    // The Nats-Msg-Id of the message sent last by this incarnation; null before its first (it then knows only the sequence).
    private string? _lastSent;

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
            // Before the stream takes its limit: a limit below what it holds would drop the excess one message at a time.
            await feed.TrimAsync(cancellationToken);
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
            MaxBytes = _options.StreamMaxBytes,
            // Full, the stream drops its oldest messages rather than refusing the newest: the feed goes on.
            Discard = StreamConfigDiscard.Old,
            DuplicateWindow = _options.DuplicateWindow,
            // A deleted message would be a hole a consumer cannot tell from a lost one (the retention's are at the stream's start: CheckpointedConsumer).
            DenyDelete = true,
            AllowDirect = true,
        };
        await _js.CreateOrUpdateStreamAsync(config, cancellationToken);
    }

    /// <summary>
    /// Once the stream holds more than three quarters of <see cref="ForwarderOptions.StreamMaxBytes"/>, drops its oldest
    /// messages in one purge, keeping about half the limit's worth of the newest (messages are about the same size). The
    /// limit's own discard, one message for each published once the stream is full, stays the backstop: measured, it
    /// doubled nats-server's CPU per event, and lowering the limit below what a stream held dropped the excess one message at a
    /// time inside the update request (thousands a second, the JetStream API unanswered meanwhile), where a purge drops whole
    /// blocks of the store at once (docs/EVENT-FEED.md, "Retention"). Nothing to do without a stream.
    /// </summary>
    public async Task TrimAsync(CancellationToken cancellationToken)
    {
        INatsJSStream stream;
        try
        {
            stream = await _js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return;
        }
        var state = stream.Info.State;
        var limitBytes = _options.StreamMaxBytes;
        if (state.Bytes <= limitBytes / 4 * 3) return;
        var keep = (ulong)((Int128)state.Messages * (limitBytes / 2) / state.Bytes);
        await stream.PurgeAsync(new StreamPurgeRequest { Keep = keep }, cancellationToken);
    }

    /// <summary>
    /// Where the stream is now, read from the stream itself: its last message carries the journal
    /// ordering it was forwarded from. An empty (or wiped, or purged) stream starts from the journal's beginning.
    /// </summary>
    public async Task<FeedPosition> ReadPositionAsync(CancellationToken cancellationToken)
    {
        var stream = await _js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        var state = stream.Info.State;
        _expected = state.LastSeq;
        if (state.Messages == 0) return FeedPosition.Empty with { StreamSequence = state.LastSeq };

        var last = await stream.GetAsync(new StreamMsgGetRequest { Seq = state.LastSeq }, cancellationToken);
        var ordering = StoredFeedMessage.OrderingOf(last.Message)
                       ?? throw new InvalidOperationException($"message {state.LastSeq} on {EventFeed.StreamName} has no {EventFeed.OrderingHeader} header");
        return new FeedPosition(state.LastSeq, ordering);
    }

    /// <summary>
    /// Sends <paramref name="batch"/> in order, back to back on the one connection (NATS keeps a connection's publishes in
    /// order), without waiting for the stream: <see cref="SentBatch.AcknowledgedAsync"/> awaits its acknowledgements. The
    /// next batch may go out before they come.
    /// <para>
    /// Each message says which stream sequence it must follow (<c>Nats-Expected-Last-Sequence</c>): the first ever sent the
    /// stream's last, each next one more, across batches; and each after the first names the message it follows
    /// (<c>Nats-Expected-Last-Msg-Id</c>). The stream stores a message only right after the one before it, so nothing
    /// lands out of journal order, and once one is refused every later one is too: if the server lost its tail
    /// (a crash before its periodic flush) it refuses, the batch's acknowledgement throws and the forwarder starts over from
    /// what the stream really holds instead of writing on past the hole. A duplicate (another forwarder got there first)
    /// does not grow the stream: its acknowledgement throws too, and the start-over skips what the stream holds.
    /// </para>
    /// </summary>
    public async Task<SentBatch> SendAsync(IReadOnlyList<FeedMessage> batch, CancellationToken cancellationToken)
    {
        var sent = new SentBatch(batch);
        try
        {
            foreach (var message in batch)
            {
                var span = FeedTracing.StartPublish(message);
                var opts = new NatsJSPubOpts
                {
                    MsgId = message.MsgId,
                    // 0 sends no expectation (nothing to protect in an empty stream).
                    ExpectedLastSequence = _expected == 0 ? null : _expected,
                    // The sequence alone would let a message through after one refused, when the stream holds one more
                    // than this forwarder sent (another writer's); naming the message before keeps every later one out.
                    ExpectedLastMsgId = _lastSent,
                };
                var headers = HeadersFor(message, TraceContext.Of(span) ?? message.TraceParent);
                sent.Add(await _js.PublishConcurrentAsync(message.Subject, message.Payload, opts: opts, headers: headers, cancellationToken: cancellationToken), span);
                _expected++;
                _lastSent = message.MsgId;
            }
            return sent;
        }
        catch
        {
            await sent.DisposeAsync();
            throw;
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

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
