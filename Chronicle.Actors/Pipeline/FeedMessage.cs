namespace Chronicle.Actors.Pipeline;

/// <summary>One journal event as it goes onto the stream.</summary>
public sealed record FeedMessage(
    string Subject,
    string MsgId,
    long Ordering,
    string PersistenceId,
    long SequenceNr,
    string EventType,
    ReadOnlyMemory<byte> Payload);

/// <summary>Where the stream is: its last message's stream sequence and the journal ordering it carries.</summary>
public sealed record FeedPosition(ulong StreamSequence, long Ordering)
{
    public static readonly FeedPosition Empty = new(0, 0);
}
