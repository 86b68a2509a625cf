using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Serialization;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// Turns a journal event into the feed's JSON envelope:
/// <code>
/// {"ordering":1234,"persistence_id":"account-alice","entity_type":"account","entity_id":"alice",
///  "sequence_nr":2,"event_type":"MoneyDeposited.v1","written_at":"2026-11-24T18:49:40.1234567Z","event":{...}}
/// </code>
/// <c>event</c> is the event's JSON exactly as the ledger serializer writes it to the journal
/// (snake_case), and <c>event_type</c> its versioned manifest: the feed carries the journal's own
/// format, not a second one to keep in step. Nothing here names an event type, so events added
/// later flow through unchanged.
/// </summary>
public sealed class FeedEnvelope(ActorSystem system)
{
    private readonly Akka.Serialization.Serialization _serialization = system.Serialization;

    public FeedMessage From(EventEnvelope envelope)
    {
        var ordering = envelope.Offset is Sequence sequence
            ? sequence.Value
            : throw new InvalidOperationException($"the SQL read journal gave a {envelope.Offset.GetType().Name} offset");
        var (entityType, entityId) = EventFeed.EntityOf(envelope.PersistenceId);
        var serializer = _serialization.FindSerializerFor(envelope.Event);
        var eventType = Akka.Serialization.Serialization.ManifestFor(serializer, envelope.Event);
        if (serializer is not SerializerWithStringManifest || string.IsNullOrEmpty(eventType))
            throw new InvalidOperationException($"{envelope.Event.GetType().Name} is not stored with the ledger serializer; its JSON is unknown");

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("ordering", ordering);
            json.WriteString("persistence_id", envelope.PersistenceId);
            json.WriteString("entity_type", entityType);
            json.WriteString("entity_id", entityId);
            json.WriteNumber("sequence_nr", envelope.SequenceNr);
            json.WriteString("event_type", eventType);
            json.WriteString("written_at", WrittenAt(envelope.Timestamp));
            json.WritePropertyName("event");
            json.WriteRawValue(serializer.ToBinary(envelope.Event), skipInputValidation: true);
            json.WriteEndObject();
        }

        return new FeedMessage(
            EventFeed.SubjectFor(envelope.PersistenceId),
            EventFeed.MsgIdFor(envelope.PersistenceId, envelope.SequenceNr),
            ordering,
            envelope.PersistenceId,
            envelope.SequenceNr,
            eventType,
            buffer.WrittenMemory);
    }

    /// <summary>The journal's <c>created</c> column: UTC ticks, written by the journal at insert.</summary>
    private static string WrittenAt(long ticks) =>
        new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
