namespace Chronicle.Actors.Pipeline;

/// <summary>
/// How far the feed has got, as the forwarder incarnations report it and the metrics read it (from
/// any thread): the journal ordering of the last event the stream holds, and how many events went out.
/// Outlives the incarnations, so the feed's lag stays measurable while the forwarder is between two.
/// </summary>
public sealed class ForwarderProgress
{
    private long _ordering = -1;
    private long _published;

    /// <summary>The journal ordering of the last event on the stream; null until an incarnation has read the stream once.</summary>
    public long? Ordering => Interlocked.Read(ref _ordering) is var ordering and >= 0 ? ordering : null;

    /// <summary>Events this node's forwarders published (acknowledged by the stream).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>An incarnation read where the stream is and resumes from there.</summary>
    public void Resumed(FeedPosition position) => Interlocked.Exchange(ref _ordering, position.Ordering);

    /// <summary>The stream acknowledged a batch.</summary>
    public void Acknowledged(IReadOnlyList<FeedMessage> batch)
    {
        Interlocked.Add(ref _published, batch.Count);
        Interlocked.Exchange(ref _ordering, batch[^1].Ordering);
    }
}
