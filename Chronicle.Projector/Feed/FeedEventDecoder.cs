using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Serialization;

namespace Chronicle.Projector.Feed;

/// <summary>
/// Reads the feed's JSON envelope (docs/EVENT-FEED.md) back into a <see cref="FeedEvent"/>. The
/// event inside is the journal's own JSON, so the codec that wrote it reads it.
/// </summary>
public sealed class FeedEventDecoder
{
    /// <param name="streamSequence">0 for an event read from the journal rather than the stream.</param>
    public FeedEvent Decode(ReadOnlyMemory<byte> envelope, ulong streamSequence) => Decode(FeedEnvelope.Parse(envelope), streamSequence);

    /// <summary>
    /// A message of the stream: decoded, or, when it cannot be (a poison event), an <see cref="UndecodableEvent"/>
    /// for the dead letters, so that one bad message does not stall its partition.
    /// </summary>
    /// <param name="subject">Names the entity (<c>chronicle.events.&lt;type&gt;.&lt;partition&gt;.&lt;id&gt;</c>) when the envelope cannot.</param>
    public FeedDelivery Read(ReadOnlyMemory<byte> message, ulong streamSequence, string subject)
    {
        FeedEnvelope? envelope = null;
        try
        {
            envelope = FeedEnvelope.Parse(message);
            return Decode(envelope, streamSequence);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            var (entityType, entityId) = envelope is null ? EntityOfSubject(subject) : (envelope.EntityType, envelope.EntityId);
            return new UndecodableEvent(streamSequence, entityType, entityId, envelope?.SequenceNr, envelope?.EventType,
                Encoding.UTF8.GetString(message.Span), $"cannot decode: {e.Message}");
        }
    }

    /// <summary>
    /// A ledger row of the journal as the stream would carry it (<see cref="FeedMessages.From(JournalRow)"/>), without the
    /// envelope's JSON in between: how a rebuild reads the journal. The event's JSON is the one the forwarder publishes
    /// (<see cref="FeedMessages.EventJsonOf"/>). A row it cannot read is a poison event.
    /// </summary>
    public FeedDelivery FromJournal(JournalRow row)
    {
        var (entityType, entityId) = EventFeed.EntityOf(row.PersistenceId);
        try
        {
            var json = FeedMessages.EventJsonOf(row);
            return new FeedEvent(0, row.Ordering, entityType, entityId, row.SequenceNr, row.Manifest, FeedMessages.WrittenAt(row.Created),
                LedgerCodec.FromBinary(json.Span, row.Manifest), json);
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return new UndecodableEvent(0, entityType, entityId, row.SequenceNr, row.Manifest, Encoding.UTF8.GetString(row.Message), $"cannot decode: {e.Message}");
        }
    }

    private static bool IsUnreadable(Exception e) =>
        e is JsonException or SerializationException or KeyNotFoundException or InvalidOperationException or FormatException;

    private static FeedEvent Decode(FeedEnvelope feed, ulong streamSequence) => new(
        streamSequence,
        feed.Ordering,
        feed.EntityType,
        feed.EntityId,
        feed.SequenceNr,
        feed.EventType,
        feed.WrittenAt,
        LedgerCodec.FromBinary(feed.EventJson.Span, feed.EventType),
        feed.EventJson);

    private static (string Type, string Id) EntityOfSubject(string subject) =>
        subject.Split('.') is [_, _, var type, _, var id] && subject.StartsWith(EventFeed.SubjectPrefix + ".", StringComparison.Ordinal)
            ? (type, id)
            : ("unknown", subject);
}
