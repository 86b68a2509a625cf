namespace Chronicle.Projector.Feed;

/// <summary>
/// One event of the feed, decoded: where it sits (stream sequence, journal ordering), whose it is
/// (entity and its sequence number), the event itself and its stored JSON (for the audit log).
/// </summary>
public sealed record FeedEvent(
    ulong StreamSequence,
    long Ordering,
    string EntityType,
    string EntityId,
    long SequenceNr,
    string EventType,
    DateTimeOffset WrittenAt,
    object Event,
    string EventJson);
