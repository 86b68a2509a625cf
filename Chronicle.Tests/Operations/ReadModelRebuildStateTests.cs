using Chronicle.Gateway.Operations;

namespace Chronicle.Tests.Operations;

public sealed class ReadModelRebuildStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

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
        Assert.False(state.TryBegin(T0.AddSeconds(1)));

        state.Confirm();
        Assert.True(state.AwaitingCatchUp);

        state.Finish();
        Assert.False(state.Rebuilding);
        Assert.Null(state.Since);
        Assert.False(state.AwaitingCatchUp);
        Assert.True(state.TryBegin(T0.AddSeconds(2)));
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
