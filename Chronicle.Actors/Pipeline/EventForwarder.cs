using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Streams;
using Akka.Streams.Dsl;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// Forwards every journal event to the JetStream feed, in journal order. One runs in the cluster
/// (a singleton on the ledger role, <see cref="ForwarderHost"/>) under a backoff supervisor; each incarnation:
/// <list type="number">
/// <item>connects to NATS and creates or updates the stream;</item>
/// <item>asks the stream where it is: the journal ordering on its last message. No separate
///   checkpoint exists that could disagree with the stream (after a NATS crash the stream may
///   have lost acknowledged messages: nats-server 2.9 flushes to disk every two minutes);</item>
/// <item>follows the journal from that ordering (<see cref="JournalFollower"/>: read when this node's journal writer says
///   rows committed, and by poll) → envelope → publish in batches: a
///   batch's messages go out back to back, each naming the stream sequence it must follow, so the
///   stream's order is the journal's (and with it every account's); the acknowledgements of up to
///   <see cref="BatchesInFlight"/> batches are awaited at once;</item>
/// <item>every <see cref="TrimInterval"/> trims the stream's oldest messages (<see cref="JetStreamFeed.TrimAsync"/>).</item>
/// </list>
/// Any failure — NATS away, an acknowledgement missing, the stream refusing a message because it
/// lost its tail, the connection dropping — stops the incarnation; the supervisor starts the
/// next after a backoff and it resumes from what the stream really holds. Writes never wait for
/// any of this: the forwarder only reads the journal.
/// </summary>
internal sealed class EventForwarder : ReceiveActor, IWithTimers
{
    public const string SingletonName = "event-forwarder";

    /// <summary>
    /// Batches sent and not yet acknowledged: the next batch goes out without waiting for the stream to answer the last
    /// (the expected sequences keep them in order, and a refusal refuses every later one).
    /// </summary>
    private const int BatchesInFlight = 8;

    /// <summary>
    /// How often the stream is trimmed (<see cref="JetStreamFeed.TrimAsync"/>): at 4,000 events a second, about 150 MB
    /// arrive between two trims, well inside the quarter of the limit left for them.
    /// </summary>
    private static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(30);

    private readonly ForwarderOptions _options;
    private readonly ForwarderProgress _progress;
    private readonly JournalFollower _journal;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private JetStreamFeed? _feed;

    public EventForwarder(ForwarderOptions options, ForwarderProgress progress, JournalTable journal)
    {
        _options = options;
        _progress = progress;
        _journal = new JournalFollower(journal, JournalWrites.For(Context.System), options);
        Receive<Started>(OnStarted);
        Receive<Status.Failure>(failure => GiveUp("could not start", failure.Cause));
        Receive<StreamEnded>(ended => GiveUp("stream ended", ended.Cause));
        Receive<NatsDisconnected>(_ => GiveUp("NATS connection lost; the server may have restarted with less than it acknowledged", null));
        Receive<TrimStream>(_ => Trim());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The forwarder under a backoff supervisor that restarts it whenever it stops.</summary>
    /// <param name="progress">Where each incarnation reports how far the stream has got (<see cref="ForwarderHost"/>'s metrics).</param>
    /// <param name="journal">The journal the incarnations follow; the caller's, outliving them.</param>
    public static Props Props(ForwarderOptions options, ForwarderProgress progress, JournalTable journal)
    {
        var child = Akka.Actor.Props.Create(() => new EventForwarder(options, progress, journal));
        // Akka requires MinBackoff <= reset <= MaxBackoff.
        var reset = options.ResetBackoffAfter < options.MinBackoff ? options.MinBackoff
            : options.ResetBackoffAfter > options.MaxBackoff ? options.MaxBackoff
            : options.ResetBackoffAfter;
        return BackoffSupervisor.Props(
            Backoff.OnStop(child, "forwarder", options.MinBackoff, options.MaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1)
                .WithAutoReset(reset)
                // An exception in the forwarder stops it too, so every failure goes through the backoff.
                .WithDefaultStoppingStrategy());
    }

    protected override void PreStart() =>
        StartAsync(_stopping.Token).PipeTo(Self, success: started => started, failure: e => new Status.Failure(e));

    private async Task<Started> StartAsync(CancellationToken cancellationToken)
    {
        var feed = await JetStreamFeed.ConnectAsync(_options, cancellationToken);
        try
        {
            var position = await feed.ReadPositionAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return new Started(feed, position);
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }
    }

    private void OnStarted(Started started)
    {
        _feed = started.Feed;
        var self = Self;
        _feed.Disconnected += () => self.Tell(NatsDisconnected.Instance);
        _log.Info("forwarding journal events after ordering {0} to {1} (stream sequence {2})",
            started.Position.Ordering, EventFeed.StreamName, started.Position.StreamSequence);
        _progress.Resumed(started.Position);
        Timers.StartPeriodicTimer(nameof(TrimStream), TrimStream.Instance, TrimInterval);
        var progress = _progress;

        var feed = _feed;
        var journal = _journal;
        var token = _stopping.Token;
        var batchSize = _options.PublishBatchEvents;
        // Materialized with the actor's materializer: the stream dies with this incarnation.
        // Exclusive: the event the stream ends with is not sent again.
        Source.From(() => journal.FollowAsync(started.Position.Ordering, token))
            // Whatever arrived while the previous batch was being sent goes out as the next batch (nothing waits to fill
            // one: an idle feed sends single messages at once). Sent one after the other, each message naming the stream
            // sequence it follows, so the stream's order stays the journal's; up to BatchesInFlight await their
            // acknowledgements at once, and report progress in order.
            .Batch(batchSize, first => new List<FeedMessage> { first }, (batch, next) =>
            {
                batch.Add(next);
                return batch;
            })
            .SelectAsync(1, batch => feed.SendAsync(batch, token))
            .SelectAsync(BatchesInFlight, sent => sent.AcknowledgedAsync(token))
            .RunWith(Sink.ForEach<IReadOnlyList<FeedMessage>>(progress.Acknowledged), Context.Materializer())
            .PipeTo(self, success: () => new StreamEnded(null), failure: e => new StreamEnded(e));
    }

    /// <summary>A failed trim is said and left to the next: the feed goes on, and the stream's limit still holds.</summary>
    private void Trim()
    {
        var log = _log;
        var stopping = _stopping.Token;
        _feed?.TrimAsync(stopping).ContinueWith(trim =>
        {
            // One cut short by the incarnation's end is no failure.
            if (trim.Exception is { } e && !stopping.IsCancellationRequested)
                log.Warning(e.GetBaseException(), "event forwarder: trimming {0} failed; trying again later", EventFeed.StreamName);
        }, TaskScheduler.Default);
    }

    private void GiveUp(string why, Exception? cause)
    {
        if (cause is null) _log.Warning("event forwarder stops ({0}); restarting after a backoff", why);
        else _log.Warning(cause, "event forwarder stops ({0}): {1}; restarting after a backoff", why, cause.Message);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        // Fire and forget: PostStop cannot await, and nothing else uses this connection.
        _feed?.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private sealed record Started(JetStreamFeed Feed, FeedPosition Position);

    private sealed record StreamEnded(Exception? Cause);

    private sealed record NatsDisconnected
    {
        public static readonly NatsDisconnected Instance = new();
    }

    private sealed record TrimStream
    {
        public static readonly TrimStream Instance = new();
    }
}
