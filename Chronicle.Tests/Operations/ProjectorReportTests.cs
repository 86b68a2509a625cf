using Chronicle.Gateway.Admin;
using Chronicle.Projector.Partitions;
using Chronicle.Projector.Projection;

namespace Chronicle.Tests.Operations;

/// <summary>The arithmetic of GET /admin/projector: lag, totals, rebuild progress.</summary>
public sealed class ProjectorReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static PartitionStatus Partition(int partition, ulong pending = 0, DateTimeOffset? lastWrittenAt = null, bool running = true) =>
        new(partition, running, StreamSequence: 10, pending, lastWrittenAt, null, AppliedSinceStart: 3, GapsRepairedSinceStart: 1);

    private static ProjectorStatus AllCaughtUp(params PartitionStatus[] overrides) =>
        new(Enumerable.Range(0, 8).Select(p => overrides.FirstOrDefault(o => o.Partition == p) ?? Partition(p)).ToList(), DeadLetters: 0);

    [Fact]
    public void Lag_is_the_age_of_the_last_applied_event_while_more_wait_and_zero_when_none_does()
    {
        var report = ProjectorReport.Build(AllCaughtUp(Partition(2, pending: 5, lastWrittenAt: Now.AddSeconds(-3))), null, null, null, Now);

        Assert.Equal(3000, report.Partitions[2].LagMs);
        Assert.Equal(0, report.Partitions[3].LagMs);
        Assert.Equal(3000, report.Totals.MaxLagMs);
        Assert.Equal(5UL, report.Totals.Pending);
        Assert.False(report.CaughtUp);
        Assert.Equal(24, report.Totals.AppliedSinceStart);
        Assert.Equal(8, report.Totals.GapsRepairedSinceStart);
    }

    [Fact]
    public void Lag_is_unknown_when_events_wait_and_no_time_of_the_last_one_is_known()
    {
        var report = ProjectorReport.Build(AllCaughtUp(Partition(0, pending: 1)), null, null, null, Now);

        Assert.Null(report.Partitions[0].LagMs);
        Assert.Null(report.Totals.MaxLagMs);
    }

    [Fact]
    public void A_partition_restarted_takes_the_time_of_its_last_event_from_the_checkpoint()
    {
        var checkpoints = new[] { new CheckpointRow(0, 10, 7, 0, Now.AddSeconds(-2)) };
        var report = ProjectorReport.Build(AllCaughtUp(Partition(0, pending: 1)), checkpoints, null, null, Now);

        Assert.Equal(Now.AddSeconds(-2), report.Partitions[0].LastWrittenAt);
        Assert.Equal(2000, report.Partitions[0].LagMs);
        Assert.Equal(7, report.Partitions[0].EventsApplied);
        Assert.Equal(0, report.Partitions[1].EventsApplied);   // no row yet: nothing applied since the read model was emptied
        Assert.Equal(7, report.Totals.EventsInReadModel);
    }

    [Fact]
    public void Rebuild_progress_is_the_read_model_over_the_stream_and_never_above_one()
    {
        var halfway = ProjectorReport.Build(AllCaughtUp(), [new CheckpointRow(0, 10, 150, 0, null)], streamMessages: 400, rebuildSince: Now, Now);
        Assert.True(halfway.Rebuild.InProgress);
        Assert.Equal(0.375m, halfway.Rebuild.Progress);

        var repairedMore = ProjectorReport.Build(AllCaughtUp(), [new CheckpointRow(0, 10, 401, 1, null)], streamMessages: 400, rebuildSince: Now, Now);
        Assert.Equal(1m, repairedMore.Rebuild.Progress);

        var unknown = ProjectorReport.Build(AllCaughtUp(), null, streamMessages: 400, rebuildSince: Now, Now);
        Assert.Null(unknown.Rebuild.Progress);

        var none = ProjectorReport.Build(AllCaughtUp(), [], streamMessages: 400, rebuildSince: null, Now);
        Assert.False(none.Rebuild.InProgress);
        Assert.Null(none.Rebuild.Progress);
        Assert.True(none.CaughtUp);
    }

    [Fact]
    public void While_the_read_model_is_being_emptied_no_partition_reports_and_nothing_is_caught_up()
    {
        var report = ProjectorReport.Build(new ProjectorStatus([], null), [], 400, Now, Now);

        Assert.Empty(report.Partitions);
        Assert.False(report.CaughtUp);
        Assert.Equal(0, report.Totals.Running);
        Assert.Equal(0m, report.Rebuild.Progress);
    }
}
