using System.Diagnostics.Metrics;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// The projector's partitions as metrics, from the latest status the <see cref="ProjectorGroup"/>
/// sampled (every <see cref="SampleInterval"/>; a collection cannot wait for the partitions' answers).
/// Owned by the group, a singleton: exactly one node reports them, and they move with it.
/// <list type="bullet">
/// <item><c>chronicle.projector.lag{partition}</c>: seconds, as GET /admin/projector's lag_ms (<see cref="ProjectorLag"/>);</item>
/// <item><c>chronicle.projector.pending{partition}</c>: messages of the partition on the stream not applied yet;</item>
/// <item><c>chronicle.projector.running{partition}</c>: 1 while the partition consumes, 0 while it restarts;</item>
/// <item><c>chronicle.projector.dead_letters</c>: events in quarantine (poison events and those held behind them).</item>
/// </list>
/// </summary>
public sealed class ProjectorMetrics : IDisposable
{
    public const string MeterName = "Chronicle.Projector";

    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private readonly Meter _meter = new(MeterName);
    private volatile ProjectorStatus _latest = new([], null);

    public ProjectorMetrics()
    {
        _meter.CreateObservableGauge("chronicle.projector.lag", Lag, unit: "s",
            description: "Age of the newest event a read-model partition applied while more wait behind it; 0 when none waits");
        _meter.CreateObservableGauge("chronicle.projector.pending",
            () => PerPartition(status => (long)status.Pending), unit: "{message}",
            description: "Messages of the partition on the stream not applied to the read model yet");
        _meter.CreateObservableGauge("chronicle.projector.running",
            () => PerPartition(status => status.Running ? 1L : 0L),
            description: "1 while the partition consumes the stream, 0 while it restarts after a failure");
        _meter.CreateObservableGauge("chronicle.projector.dead_letters", DeadLetters, unit: "{event}",
            description: "Events the projector quarantined (could not apply, or held behind one that could not) until a replay");
    }

    public void Update(ProjectorStatus status) => _latest = status;

    private IEnumerable<Measurement<double>> Lag()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var partition in _latest.Partitions)
            if (ProjectorLag.Of(partition.Pending, partition.LastWrittenAt, now) is { } lag)
                yield return new Measurement<double>(lag.TotalSeconds, PartitionTag(partition));
    }

    private IEnumerable<Measurement<long>> DeadLetters() =>
        _latest.DeadLetters is { } count ? [new Measurement<long>(count)] : [];

    private IEnumerable<Measurement<long>> PerPartition(Func<PartitionStatus, long> value) =>
        _latest.Partitions.Select(partition => new Measurement<long>(value(partition), PartitionTag(partition)));

    private static KeyValuePair<string, object?> PartitionTag(PartitionStatus partition) => new("partition", partition.Partition);

    public void Dispose() => _meter.Dispose();
}
