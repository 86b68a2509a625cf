using Chronicle.Actors.Pipeline;

namespace Chronicle.Tests.Pipeline;

/// <summary>The feed takes journal rows in ordering order, waits at a hole for the gap timeout from when it was first seen, and no longer.</summary>
public sealed class JournalGapsTests
{
    private static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rows_without_a_hole_all_go_out()
    {
        var gaps = new JournalGaps(after: 10, GapTimeout);
        Assert.Equal(3, gaps.Releasable([11, 12, 13], T0));
        Assert.Equal(13, gaps.After);
        Assert.Equal(0, gaps.Releasable([], T0));
    }

    [Fact]
    public void Rows_above_an_open_hole_wait_and_go_out_once_it_is_filled()
    {
        var gaps = new JournalGaps(after: 10, GapTimeout);
        Assert.Equal(1, gaps.Releasable([11, 13, 14], T0));
        Assert.Equal(11, gaps.After);
        Assert.Equal(0, gaps.Releasable([13, 14], T0 + GapTimeout - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(3, gaps.Releasable([12, 13, 14], T0 + GapTimeout - TimeSpan.FromMilliseconds(1)));
        Assert.Equal(14, gaps.After);
    }

    [Fact]
    public void A_hole_is_passed_after_the_gap_timeout_from_when_it_was_first_seen()
    {
        var gaps = new JournalGaps(after: 0, GapTimeout);
        Assert.Equal(0, gaps.Releasable([2], T0));
        Assert.Equal(0, gaps.Releasable([2, 3], T0 + TimeSpan.FromSeconds(20)));
        Assert.Equal(2, gaps.Releasable([2, 3], T0 + GapTimeout));
        Assert.Equal(3, gaps.After);
    }

    [Fact]
    public void Holes_seen_together_are_passed_together_and_what_is_left_of_a_hole_keeps_its_clock()
    {
        var gaps = new JournalGaps(after: 0, GapTimeout);
        // Holes 1 and 3..5, both seen at T0.
        Assert.Equal(0, gaps.Releasable([2, 6], T0));
        // 4 commits: 3 and 5 are what is left of the hole seen at T0.
        Assert.Equal(0, gaps.Releasable([2, 4, 6, 7], T0 + TimeSpan.FromSeconds(10)));
        Assert.Equal(4, gaps.Releasable([2, 4, 6, 7], T0 + GapTimeout));
        Assert.Equal(7, gaps.After);
    }

    [Fact]
    public void A_hole_first_seen_later_waits_its_own_full_timeout()
    {
        var gaps = new JournalGaps(after: 0, GapTimeout);
        Assert.Equal(1, gaps.Releasable([1, 3], T0));
        // Hole 2 passed at T0 + 30 s; hole 5, first seen at T0 + 20 s, holds until T0 + 50 s.
        Assert.Equal(2, gaps.Releasable([3, 4, 6], T0 + TimeSpan.FromSeconds(20)) + gaps.Releasable([3, 4, 6], T0 + GapTimeout));
        Assert.Equal(4, gaps.After);
        Assert.Equal(0, gaps.Releasable([6], T0 + TimeSpan.FromSeconds(49)));
        Assert.Equal(1, gaps.Releasable([6], T0 + TimeSpan.FromSeconds(50)));
    }
}
