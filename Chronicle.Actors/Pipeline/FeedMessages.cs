using Akka.Persistence.Query;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Chain;
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
        // An account's event comes as Akka's serializer read it, with its hash (a ChainedEvent): written back as stored.
        return From(ordering, envelope.PersistenceId, envelope.SequenceNr, envelope.Timestamp, LedgerCodec.Manifest(envelope.Event),
            EventChain.WithoutTrace(LedgerCodec.ToBinary(envelope.Event)), traceParent: null);
    }

    /// <summary>A ledger row of the journal, as the forwarder reads it: its payload goes out as stored, not decoded.</summary>
    /// <exception cref="System.Runtime.Serialization.SerializationException">The row was not written by the ledger's serializer.</exception>
    public static FeedMessage From(JournalRow row) =>
        From(row.Ordering, row.PersistenceId, row.SequenceNr, row.Created, row.Manifest, EventJsonOf(row), FeedTracing.TraceParentOf(row.Message));

    /// <summary>
    /// The feed's <c>event</c> of a ledger row: its payload as the journal stores it, chain hash included, less the trace
    /// context of its write (<see cref="EventChain.WithoutTrace"/>; docs/EVENT-FEED.md).
    /// </summary>
    /// <exception cref="System.Runtime.Serialization.SerializationException">The row was not written by the ledger's serializer.</exception>
    public static ReadOnlyMemory<byte> EventJsonOf(JournalRow row) => EventChain.WithoutTrace(JournalTable.LedgerPayload(row));

    /// <summary>When the journal wrote an event: its created column, UTC ticks written by the journal at insert.</summary>
    public static DateTimeOffset WrittenAt(long createdTicks) => new(createdTicks, TimeSpan.Zero);

    /// <param name="createdTicks">The journal's created column: UTC ticks, written by the journal at insert.</param>
    private static FeedMessage From(long ordering, string persistenceId, long sequenceNr, long createdTicks, string eventType,
        ReadOnlyMemory<byte> eventJson, string? traceParent)
    {
        var (entityType, entityId) = EventFeed.EntityOf(persistenceId);
        var json = new FeedEnvelope(ordering, persistenceId, entityType, entityId, sequenceNr, eventType, WrittenAt(createdTicks), eventJson).ToJson();

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
