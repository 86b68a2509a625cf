using Chronicle.Contracts.Feed;
using Chronicle.Gateway.Operations;
using Chronicle.Projector.Partitions;

namespace Chronicle.Tests.Operations;

public sealed class ReadModelRebuildStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every partition running, with <paramref name="pending"/> messages not yet applied, except those listed as caught up.</summary>
    public static ProjectorStatus Partitions(ulong pending, params int[] caughtUp) =>
        new(Enumerable.Range(0, EventFeed.Partitions)
            .Select(p => new PartitionStatus(p, true, 10, caughtUp.Contains(p) ? 0 : pending, null, null, 0, 0)).ToList(), DeadLetters: 0);

    [Fact]
    public void One_rebuild_at_a_time_watched_only_once_the_projector_has_answered()
    {
        var state = new ReadModelRebuildState();
        Assert.False(state.Rebuilding);

        Assert.True(state.TryBegin(T0));
        Assert.True(state.Rebuilding);
        Assert.Equal(T0, state.Since);
        // Asked for, not yet answered: the projector's status still describes the read model before the rebuild.
        Assert.False(state.AwaitingCatchUp);
        Assert.False(state.Observe(Partitions(pending: 0)));
        Assert.False(state.TryBegin(T0.AddSeconds(1)));

        state.Confirm();
        Assert.True(state.AwaitingCatchUp);

        Assert.True(state.Observe(Partitions(pending: 0)));
        Assert.False(state.Rebuilding);
        Assert.Null(state.Since);
        Assert.False(state.AwaitingCatchUp);
        Assert.True(state.TryBegin(T0.AddSeconds(2)));
    }

    [Fact]
    public void While_writes_go_on_each_partition_may_catch_up_at_its_own_moment()
    {
        var state = new ReadModelRebuildState();
        state.TryBegin(T0);
        state.Confirm();

        // No observation ever has every partition at zero (CI saw three of eight with one event in flight for 90 s).
        Assert.False(state.Observe(Partitions(pending: 1, caughtUp: [0, 2, 3, 5, 7])));
        Assert.False(state.Observe(Partitions(pending: 2, caughtUp: [1, 2])));
        Assert.True(state.Rebuilding);
        Assert.True(state.Observe(Partitions(pending: 1, caughtUp: [4, 6])));
        Assert.False(state.Rebuilding);
    }

    [Fact]
    public void A_new_rebuild_forgets_what_the_last_one_saw()
    {
        var state = new ReadModelRebuildState();
        state.TryBegin(T0);
        state.Confirm();
        Assert.True(state.Observe(Partitions(pending: 0)));

        state.TryBegin(T0.AddSeconds(1));
        state.Confirm();
        Assert.False(state.Observe(Partitions(pending: 1, caughtUp: [0, 1, 2, 3, 4, 5, 6])));
        Assert.True(state.Rebuilding);
    }

    [Fact]
    public void A_partition_restarting_has_not_caught_up()
    {
        var state = new ReadModelRebuildState();
        state.TryBegin(T0);
        state.Confirm();
        var restarting = Partitions(pending: 0);
        restarting = restarting with { Partitions = restarting.Partitions.Select(p => p.Partition == 3 ? p with { Running = false } : p).ToList() };
        Assert.False(state.Observe(restarting));
        Assert.True(state.Observe(Partitions(pending: 5, caughtUp: [3])));
    }

    [Fact]
    public void Confirming_without_a_rebuild_changes_nothing()
    {
        var state = new ReadModelRebuildState();
        state.Confirm();
        Assert.False(state.AwaitingCatchUp);
        Assert.False(state.Rebuilding);
    }
}
