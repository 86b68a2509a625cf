using Akka.Persistence.Query;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Serialization;

namespace Chronicle.Actors.Pipeline;

/// <summary>Turns a journal event, as the forwarder reads it or the read journal delivers it, into the message the feed publishes.</summary>
public static class FeedMessages
{
    public static FeedMessage From(EventEnvelope envelope)
    {
        var ordering = envelope.Offset is Sequence sequence
            ? sequence.Value
            : throw new InvalidOperationException($"the SQL read journal gave a {envelope.Offset.GetType().Name} offset");
        return From(ordering, envelope.PersistenceId, envelope.SequenceNr, envelope.Timestamp, envelope.Event, traceParent: null);
    }

    /// <summary>A ledger row of the journal, as the forwarder reads it.</summary>
    public static FeedMessage From(JournalRow row) =>
        From(row.Ordering, row.PersistenceId, row.SequenceNr, row.Created, row.Event, FeedTracing.TraceParentOf(row.Message));

    /// <summary>When the journal wrote an event: its created column, UTC ticks written by the journal at insert.</summary>
    public static DateTimeOffset WrittenAt(long createdTicks) => new(createdTicks, TimeSpan.Zero);

    /// <param name="createdTicks">The journal's created column: UTC ticks, written by the journal at insert.</param>
    private static FeedMessage From(long ordering, string persistenceId, long sequenceNr, long createdTicks, object @event, string? traceParent)
    {
        var (entityType, entityId) = EventFeed.EntityOf(persistenceId);
        var eventType = LedgerCodec.Manifest(@event);
        var writtenAt = WrittenAt(createdTicks);
        var json = new FeedEnvelope(ordering, persistenceId, entityType, entityId, sequenceNr, eventType, writtenAt,
            LedgerCodec.ToBinary(@event)).ToJson();

        return new FeedMessage(
            EventFeed.SubjectFor(persistenceId),
            EventFeed.MsgIdFor(persistenceId, sequenceNr),
            ordering,
            persistenceId,
            sequenceNr,
            eventType,
            json,
            traceParent);
    }
}
