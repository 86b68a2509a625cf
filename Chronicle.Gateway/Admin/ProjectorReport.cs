using Chronicle.Contracts.Admin;
using Chronicle.Projector.Partitions;
using Chronicle.Projector.Projection;

namespace Chronicle.Gateway.Admin;

/// <summary>
/// Puts GET /admin/projector together from what the partitions say of themselves, the read model's
/// checkpoint rows and the stream's size. Pure, so the arithmetic (lag, totals, progress) is tested alone.
/// </summary>
internal static class ProjectorReport
{
    /// <param name="checkpoints">Null when the read model did not answer.</param>
    /// <param name="streamMessages">Null when NATS did not answer.</param>
    /// <param name="rebuildSince">When the rebuild under way was asked for; null when none is.</param>
    public static ProjectorReportResponse Build(ProjectorStatus status, IReadOnlyList<CheckpointRow>? checkpoints, long? streamMessages,
        DateTimeOffset? rebuildSince, DateTimeOffset now)
    {
        var rows = checkpoints?.ToDictionary(row => row.Partition);
        var partitions = status.Partitions.OrderBy(p => p.Partition).Select(p =>
        {
            var row = rows?.GetValueOrDefault(p.Partition);
            // After a restart the partition has applied nothing yet: the checkpoint row still knows the last event's time.
            var lastWrittenAt = p.LastWrittenAt ?? row?.LastWrittenAt;
            var lagMs = ProjectorLag.Of(p.Pending, lastWrittenAt, now) is { } lag ? (long)lag.TotalMilliseconds : (long?)null;
            return new PartitionReportResponse(p.Partition, p.Running, p.StreamSequence, p.Pending, lastWrittenAt, lagMs,
                p.AppliedSinceStart, p.GapsRepairedSinceStart, rows is null ? null : row?.EventsApplied ?? 0);
        }).ToList();

        long? eventsInReadModel = checkpoints?.Sum(row => row.EventsApplied);
        var totals = new ProjectorTotalsResponse(
            partitions.Count,
            partitions.Count(p => p.Running),
            partitions.Aggregate(0UL, (sum, p) => sum + p.Pending),
            partitions.Any(p => p.LagMs is null) ? null : partitions.Select(p => p.LagMs!.Value).DefaultIfEmpty(0).Max(),
            partitions.Sum(p => p.AppliedSinceStart),
            partitions.Sum(p => p.GapsRepairedSinceStart),
            eventsInReadModel,
            streamMessages,
            status.DeadLetters);

        var rebuild = rebuildSince is { } since
            ? new RebuildStateResponse(true, since, Progress(eventsInReadModel, streamMessages))
            : new RebuildStateResponse(false);
        return new ProjectorReportResponse(status.CaughtUp, totals, rebuild, partitions, status.Refusal);
    }

    /// <summary>Events in the read model over events on the stream, at most 1 (gap repairs may apply events the stream lost).</summary>
    private static decimal? Progress(long? inReadModel, long? onStream) => (inReadModel, onStream) switch
    {
        (null, _) or (_, null) => null,
        (_, 0) => 1m,
        ({ } applied, { } total) => Math.Min(1m, Math.Round((decimal)applied / total, 4)),
    };
}
