namespace Chronicle.Actors.Pipeline;

/// <summary>One journal event as it goes onto the stream.</summary>
/// <param name="TraceParent">The W3C context the event was stored with (its journal write's), while the forwarder traces; else null.</param>
public sealed record FeedMessage(
    string Subject,
    string MsgId,
    long Ordering,
    string PersistenceId,
    long SequenceNr,
    string EventType,
    ReadOnlyMemory<byte> Payload,
    string? TraceParent = null);

/// <summary>Where the stream is: its last message's stream sequence and the journal ordering it carries.</summary>
internal sealed record FeedPosition(ulong StreamSequence, long Ordering)
{
    public static readonly FeedPosition Empty = new(0, 0);
}
