namespace Chronicle.Projector.Feed;

/// <summary>One message of a partition, as the projector received it: an event it could read, or one it could not.</summary>
/// <param name="StreamSequence">Its place on the stream; 0 for an event read from the journal rather than the stream.</param>
public abstract record FeedDelivery(ulong StreamSequence, string EntityType, string EntityId);

/// <summary>
/// One event of the feed, decoded: where it sits (stream sequence, journal ordering), whose it is
/// (entity and its sequence number), the event itself and its stored JSON (for the audit log).
/// </summary>
/// <param name="EventJson">The event's JSON as stored, UTF-8: a rebuild hands it on to the audit log's COPY as it is, never
/// as a .NET string (twice its size, and encoded back on the way out).</param>
public sealed record FeedEvent(
    ulong StreamSequence,
    long Ordering,
    string EntityType,
    string EntityId,
    long SequenceNr,
    string EventType,
    DateTimeOffset WrittenAt,
    object Event,
    ReadOnlyMemory<byte> EventJson) : FeedDelivery(StreamSequence, EntityType, EntityId);

/// <summary>
/// A message the projector cannot decode (a broken envelope, an event type or version this build does
/// not know): a poison event. Its entity comes from the subject, its sequence number from the envelope
/// when that much could be read.
/// </summary>
public sealed record UndecodableEvent(
    ulong StreamSequence,
    string EntityType,
    string EntityId,
    long? SequenceNr,
    string? EventType,
    string Raw,
    string Error) : FeedDelivery(StreamSequence, EntityType, EntityId);
