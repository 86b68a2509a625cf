namespace Chronicle.Projector.Partitions;

/// <summary>How far a partition of the read model is behind the feed: GET /admin/projector and the metrics say it the same way.</summary>
public static class ProjectorLag
{
    /// <summary>
    /// How old the newest applied event is while more wait behind it; zero when nothing waits; null
    /// when messages wait but the partition has applied nothing it knows the time of.
    /// </summary>
    public static TimeSpan? Of(ulong pending, DateTimeOffset? lastWrittenAt, DateTimeOffset now) =>
        pending == 0 ? TimeSpan.Zero
        : lastWrittenAt is { } at ? now > at ? now - at : TimeSpan.Zero
        : null;
}
