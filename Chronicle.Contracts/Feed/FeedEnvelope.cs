using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Chronicle.Domain;

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
    // The field names, once for writer and reader, as UTF-8: both work on bytes.
    private static ReadOnlySpan<byte> OrderingField => "ordering"u8;
    private static ReadOnlySpan<byte> PersistenceIdField => "persistence_id"u8;
    private static ReadOnlySpan<byte> EntityTypeField => "entity_type"u8;
    private static ReadOnlySpan<byte> EntityIdField => "entity_id"u8;
    private static ReadOnlySpan<byte> SequenceNrField => "sequence_nr"u8;
    private static ReadOnlySpan<byte> EventTypeField => "event_type"u8;
    private static ReadOnlySpan<byte> WrittenAtField => "written_at"u8;
    private static ReadOnlySpan<byte> EventField => "event"u8;

    /// <summary>Seven digits of fractions, the journal's ticks whole: ISO 8601's round-trip form, "Z" for UTC.</summary>
    private static readonly StandardFormat WrittenAtFormat = new('O');

    /// <summary>The longest <see cref="WrittenAtFormat"/> gives: "yyyy-MM-ddTHH:mm:ss.fffffffZ".</summary>
    private const int WrittenAtBytes = 28;

    // Each thread's writer and its buffer, used again for every envelope it writes: a fresh buffer grew to the 4 KB the
    // JSON writer asks for, four times the envelope, on every event the forwarder published (allocation profile, BENCHMARKS.md).
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <returns>The envelope's JSON in an array of its own, exactly its size.</returns>
    public ReadOnlyMemory<byte> ToJson()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>();
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteNumber(OrderingField, Ordering);
        json.WriteString(PersistenceIdField, PersistenceId);
        json.WriteString(EntityTypeField, EntityType);
        json.WriteString(EntityIdField, EntityId);
        json.WriteNumber(SequenceNrField, SequenceNr);
        json.WriteString(EventTypeField, EventType);
        Span<byte> writtenAt = stackalloc byte[WrittenAtBytes];
        var formatted = Utf8Formatter.TryFormat(WrittenAt.UtcDateTime, writtenAt, out var writtenAtLength, WrittenAtFormat);
        Invariant.Require(formatted && writtenAtLength == WrittenAtBytes, "a UTC instant is 28 bytes in the round-trip form");
        json.WriteString(WrittenAtField, writtenAt);
        json.WritePropertyName(EventField);
        json.WriteRawValue(EventJson.Span, skipInputValidation: true);
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads an envelope in one pass over its bytes: the projector reads every event of the feed through here, so
    /// no document is built and the event's JSON is copied out as it stands, not re-encoded. Fields it does not know
    /// are skipped (a later writer may add some); a missing one is a <see cref="JsonException"/> naming it.
    /// </summary>
    public static FeedEnvelope Parse(ReadOnlyMemory<byte> json)
    {
        var reader = new Utf8JsonReader(json.Span);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "an envelope is a JSON object");
        long? ordering = null, sequenceNr = null;
        string? persistenceId = null, entityType = null, entityId = null, eventType = null;
        DateTimeOffset? writtenAt = null;
        ReadOnlyMemory<byte>? eventJson = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            Expect(reader.Read(), "the envelope ends inside a field");
            if (field.SequenceEqual(OrderingField)) ordering = reader.GetInt64();
            else if (field.SequenceEqual(PersistenceIdField)) persistenceId = reader.GetString();
            else if (field.SequenceEqual(EntityTypeField)) entityType = reader.GetString();
            else if (field.SequenceEqual(EntityIdField)) entityId = reader.GetString();
            else if (field.SequenceEqual(SequenceNrField)) sequenceNr = reader.GetInt64();
            else if (field.SequenceEqual(EventTypeField)) eventType = reader.GetString();
            else if (field.SequenceEqual(WrittenAtField)) writtenAt = reader.GetDateTimeOffset();
            else if (field.SequenceEqual(EventField))
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                eventJson = json[start..(int)reader.BytesConsumed].ToArray();
            }
            else reader.Skip();
        }
        Expect(reader.TokenType == JsonTokenType.EndObject, "the envelope is not a complete JSON object");

        return new FeedEnvelope(
            ordering ?? throw Missing(OrderingField),
            persistenceId ?? throw Missing(PersistenceIdField),
            entityType ?? throw Missing(EntityTypeField),
            entityId ?? throw Missing(EntityIdField),
            sequenceNr ?? throw Missing(SequenceNrField),
            eventType ?? throw Missing(EventTypeField),
            writtenAt ?? throw Missing(WrittenAtField),
            eventJson ?? throw Missing(EventField));
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition) throw new JsonException(problem);
    }

    private static JsonException Missing(ReadOnlySpan<byte> field) => new($"the envelope has no '{Encoding.UTF8.GetString(field)}'");
}
