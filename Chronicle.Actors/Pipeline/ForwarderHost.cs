using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Event;
using Chronicle.Actors.EventStore;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// The forwarder singleton: the <see cref="EventForwarder"/> under its backoff supervisor, and the
/// feed's metrics beside it. Measuring here rather than in an incarnation keeps the lag visible
/// while the forwarder is down (NATS away, backing off), which is when it matters; and as a
/// singleton, exactly one node in the cluster reports it.
/// <list type="bullet">
/// <item><c>chronicle.forwarder.lag</c>: how old the oldest ledger event not yet on the stream is
///   (0 when none waits), from a journal probe every <see cref="ForwarderOptions.LagProbeInterval"/>;</item>
/// <item><c>chronicle.forwarder.events</c>: events published since this node took the singleton over;</item>
/// <item><c>chronicle.forwarder.position</c>: the journal ordering of the last event on the stream.</item>
/// </list>
/// Until an incarnation has read the stream's position once, the lag is unknown and not reported.
/// </summary>
public sealed class ForwarderHost : ReceiveActor, IWithTimers
{
    public const string MeterName = "Chronicle.Pipeline";

    private readonly ForwarderOptions _options;
    private readonly ForwarderProgress _progress = new();
    private readonly JournalTable _journal;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private Meter? _meter;
    private bool _probing;

    /// <summary>The oldest unforwarded ledger event at the last probe; null when none waited.</summary>
    private volatile UnforwardedEvent? _oldestUnforwarded;

    public ForwarderHost(ForwarderOptions options, string eventStoreConnectionString)
    {
        _options = options;
        _journal = JournalTable.Open(eventStoreConnectionString);
        Receive<ProbeLag>(_ => Probe());
        Receive<LagProbed>(probed =>
        {
            _probing = false;
            _oldestUnforwarded = probed.Oldest;
        });
        Receive<Status.Failure>(failure =>
        {
            // The event store is away: keep the last measurement (the lag it shows keeps growing) until it answers again.
            _probing = false;
            _log.Debug("forwarder lag probe failed: {0}", failure.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ForwarderOptions options, string eventStoreConnectionString) =>
        Akka.Actor.Props.Create(() => new ForwarderHost(options, eventStoreConnectionString));

    protected override void PreStart()
    {
        Context.ActorOf(EventForwarder.Props(_options, _progress, _journal), "supervisor");
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("chronicle.forwarder.lag", Lag, unit: "s",
            description: "Age of the oldest ledger event in the journal that is not on the stream yet; 0 when none waits");
        _meter.CreateObservableCounter("chronicle.forwarder.events", () => _progress.Published, unit: "{event}",
            description: "Events the forwarder on this node published to the stream since it took over");
        _meter.CreateObservableGauge("chronicle.forwarder.position", Position,
            description: "Journal ordering of the last event on the stream");
        Timers.StartPeriodicTimer(nameof(ProbeLag), ProbeLag.Instance, TimeSpan.Zero, _options.LagProbeInterval);
    }

    private void Probe()
    {
        if (_probing || _progress.Ordering is not { } ordering) return;
        _probing = true;
        _journal.FirstLedgerEventAfterAsync(ordering, _stopping.Token)
            .PipeTo(Self, success: oldest => new LagProbed(oldest), failure: e => new Status.Failure(e));
    }

    /// <summary>
    /// Between probes the oldest waiting event ages in real time, so a stuck feed shows a growing lag
    /// even while the event store cannot be probed; once the stream holds it, the lag is 0 until the
    /// next probe finds the next one.
    /// </summary>
    private IEnumerable<Measurement<double>> Lag()
    {
        if (_progress.Ordering is not { } forwarded) yield break;
        yield return new Measurement<double>(_oldestUnforwarded is { } oldest && oldest.Ordering > forwarded
            ? Math.Max(0, (DateTimeOffset.UtcNow - oldest.WrittenAt).TotalSeconds)
            : 0);
    }

    private IEnumerable<Measurement<long>> Position()
    {
        if (_progress.Ordering is { } ordering) yield return new Measurement<long>(ordering);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _meter?.Dispose();
        _journal.Dispose();
        _stopping.Dispose();
    }

    private sealed record ProbeLag
    {
        public static readonly ProbeLag Instance = new();
    }

    private sealed record LagProbed(UnforwardedEvent? Oldest);
}
