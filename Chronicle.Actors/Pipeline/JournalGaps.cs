using Chronicle.Domain;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// Which journal rows the feed may take next. A row's ordering is taken at INSERT and becomes visible at COMMIT, so a
/// row can show up above a hole that a transaction still open will fill. Rows are released in ordering order up to
/// the first hole; a hole is passed (taken for a rolled-back insert) once it has been seen for the gap timeout.
/// <para>
/// A hole is timed from when it was first seen, that is from when a row above it was visible: the transaction holding
/// it took its ordering before that row's, so it commits or rolls back within the longest a journal transaction can
/// stay open (<see cref="EventStore.JournalTransactionBound"/>), which the gap timeout exceeds
/// (<see cref="ForwarderOptions.GapTimeout"/>). Each hole keeps its own clock, so holes seen together are passed together,
/// and what is left of a hole partly filled keeps the clock of the hole it was part of.
/// </para>
/// </summary>
/// <param name="after">The ordering of the last row the feed holds.</param>
internal sealed class JournalGaps(long after, TimeSpan gapTimeout)
{
    private readonly List<Hole> _holes = [];

    /// <summary>The ordering of the last row released (or hole passed).</summary>
    public long After { get; private set; } = after;

    /// <summary>
    /// How many of <paramref name="orderings"/> (the journal's rows after <see cref="After"/>, ascending) may go out
    /// now, from the first; <see cref="After"/> moves past them and past each hole passed among them.
    /// </summary>
    public int Releasable(IReadOnlyList<long> orderings, DateTimeOffset now)
    {
        See(orderings, now);
        var released = 0;
        foreach (var ordering in orderings)
        {
            if (ordering > After + 1)
            {
                var hole = _holes.FindIndex(h => h.First == After + 1);
                Invariant.Require(hole >= 0, $"the hole after journal ordering {After} was not seen");
                if (now - _holes[hole].SeenAt < gapTimeout) break;
                _holes.RemoveAt(hole);
            }
            After = ordering;
            released++;
        }
        return released;
    }

    /// <summary>The holes between the rows read, each with the earliest time any part of it was seen.</summary>
    private void See(IReadOnlyList<long> orderings, DateTimeOffset now)
    {
        if (orderings.Count == 0) return;
        var seen = new List<Hole>();
        var previous = After;
        foreach (var ordering in orderings)
        {
            if (ordering > previous + 1) seen.Add(new Hole(previous + 1, ordering - 1, FirstSeen(previous + 1, ordering - 1) ?? now));
            previous = ordering;
        }
        // What the rows read cover is now known afresh; holes beyond them keep their clocks.
        _holes.RemoveAll(h => h.First <= previous);
        _holes.AddRange(seen);
    }

    private DateTimeOffset? FirstSeen(long first, long last) =>
        _holes.Where(h => h.First <= last && h.Last >= first).Select(h => (DateTimeOffset?)h.SeenAt).Min();

    private readonly record struct Hole(long First, long Last, DateTimeOffset SeenAt);
}
