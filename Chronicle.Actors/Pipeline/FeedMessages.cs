using Akka.Persistence.Query;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Serialization;

namespace Chronicle.Actors.Pipeline;

/// <summary>Turns a journal event, as the read journal delivers it, into the message the feed publishes.</summary>
public static class FeedMessages
{
    public static FeedMessage From(EventEnvelope envelope)
    {
        var ordering = envelope.Offset is Sequence sequence
            ? sequence.Value
            : throw new InvalidOperationException($"the SQL read journal gave a {envelope.Offset.GetType().Name} offset");
        var (entityType, entityId) = EventFeed.EntityOf(envelope.PersistenceId);
        var eventType = LedgerCodec.Manifest(envelope.Event);
        // The journal's created column: UTC ticks, written by the journal at insert.
        var writtenAt = new DateTimeOffset(envelope.Timestamp, TimeSpan.Zero);
        var json = new FeedEnvelope(ordering, envelope.PersistenceId, entityType, entityId, envelope.SequenceNr, eventType, writtenAt,
            LedgerCodec.ToBinary(envelope.Event)).ToJson();

        return new FeedMessage(
            EventFeed.SubjectFor(envelope.PersistenceId),
            EventFeed.MsgIdFor(envelope.PersistenceId, envelope.SequenceNr),
            ordering,
            envelope.PersistenceId,
            envelope.SequenceNr,
            eventType,
            json);
    }
}
