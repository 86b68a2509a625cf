using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Chronicle.Contracts.Feed;

/// <summary>
/// One journal event as the feed carries it, and its JSON, written by the forwarder and read by the
/// projector and the dashboard:
/// <code>
/// {"ordering":1234,"persistence_id":"account-alice","entity_type":"account","entity_id":"alice",
///  "sequence_nr":2,"event_type":"MoneyDeposited.v1","written_at":"2026-11-24T18:49:40.1234567Z","event":{...}}
/// </code>
/// <see cref="EventJson"/> is the event's JSON exactly as the journal stores it (<see cref="Serialization.LedgerCodec"/>)
/// and <see cref="EventType"/> its versioned manifest: the feed carries the journal's own format, not a
/// second one to keep in step. Nothing here names an event type, so events added later flow through unchanged.
/// </summary>
public sealed record FeedEnvelope(
    long Ordering,
    string PersistenceId,
    string EntityType,
    string EntityId,
    long SequenceNr,
    string EventType,
    DateTimeOffset WrittenAt,
    ReadOnlyMemory<byte> EventJson)
{
    // The field names, once for writer and reader.
    private const string OrderingField = "ordering";
    private const string PersistenceIdField = "persistence_id";
    private const string EntityTypeField = "entity_type";
    private const string EntityIdField = "entity_id";
    private const string SequenceNrField = "sequence_nr";
    private const string EventTypeField = "event_type";
    private const string WrittenAtField = "written_at";
    private const string EventField = "event";

    /// <summary>Seven digits of fractions: the journal's ticks, whole.</summary>
    private const string WrittenAtFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public ReadOnlyMemory<byte> ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + EventJson.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber(OrderingField, Ordering);
            json.WriteString(PersistenceIdField, PersistenceId);
            json.WriteString(EntityTypeField, EntityType);
            json.WriteString(EntityIdField, EntityId);
            json.WriteNumber(SequenceNrField, SequenceNr);
            json.WriteString(EventTypeField, EventType);
            json.WriteString(WrittenAtField, WrittenAt.UtcDateTime.ToString(WrittenAtFormat, CultureInfo.InvariantCulture));
            json.WritePropertyName(EventField);
            json.WriteRawValue(EventJson.Span, skipInputValidation: true);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    public static FeedEnvelope Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new FeedEnvelope(
            root.GetProperty(OrderingField).GetInt64(),
            root.GetProperty(PersistenceIdField).GetString()!,
            root.GetProperty(EntityTypeField).GetString()!,
            root.GetProperty(EntityIdField).GetString()!,
            root.GetProperty(SequenceNrField).GetInt64(),
            root.GetProperty(EventTypeField).GetString()!,
            DateTimeOffset.Parse(root.GetProperty(WrittenAtField).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            System.Text.Encoding.UTF8.GetBytes(root.GetProperty(EventField).GetRawText()));
    }
}
