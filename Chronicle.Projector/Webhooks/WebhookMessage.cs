using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chronicle.Contracts.Feed;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// One feed event as an endpoint receives it. The body:
/// <code>
/// {"type":"MoneyDeposited","schema":"MoneyDeposited.v1","account_id":"alice","version":2,
///  "timestamp":"2026-11-24T18:49:40.8404617Z","data":{...the event as the journal stores it...}}
/// </code>
/// <c>data</c> is the feed's <c>event</c> as it is (never decoded here, so every event the feed carries
/// goes out, whatever this build knows of it); <c>timestamp</c> is when the journal wrote it.
/// </summary>
internal sealed record WebhookMessage(string WebhookId, string EventType, string AccountId, long Version, ReadOnlyMemory<byte> Body)
{
    /// <summary>Hex digits of the webhook-id after "msg_": 128 bits of the hash, no collision in any lifetime.</summary>
    private const int IdHexDigits = 32;

    /// <summary>
    /// The message for <paramref name="endpointId"/>, or null when the endpoint does not subscribe to the
    /// event's type. Throws <see cref="JsonException"/> (or a format error) for a message that is no feed envelope.
    /// </summary>
    public static WebhookMessage? For(WebhookEndpoint endpoint, ReadOnlyMemory<byte> feedMessage)
    {
        var envelope = FeedEnvelope.Parse(feedMessage);
        var type = WebhookEventTypes.NameOf(envelope.EventType);
        if (!endpoint.EventTypes.Contains(type)) return null;
        return new WebhookMessage(IdOf(endpoint.Id, envelope.PersistenceId, envelope.SequenceNr), type, envelope.EntityId, envelope.SequenceNr,
            BodyOf(envelope, type));
    }

    /// <summary>A message sent before, from its webhook-id and its body as sent (a dead letter's): the body names the event.</summary>
    public static WebhookMessage Sent(string webhookId, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var document = JsonDocument.Parse(bytes);
        var json = document.RootElement;
        return new WebhookMessage(webhookId, json.GetProperty("type").GetString()!, json.GetProperty("account_id").GetString()!,
            json.GetProperty("version").GetInt64(), bytes);
    }

    /// <summary>
    /// The webhook-id: the same for an event and an endpoint however often it is sent (the receiver dedupes
    /// on it), different for every other pair. Derived, not stored: a redelivery after a restart computes it again.
    /// </summary>
    public static string IdOf(string endpointId, string persistenceId, long sequenceNr) =>
        "msg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{endpointId}/{persistenceId}/{sequenceNr}")))[..IdHexDigits];

    private static ReadOnlyMemory<byte> BodyOf(FeedEnvelope envelope, string type)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + envelope.EventJson.Length);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("schema", envelope.EventType);
            json.WriteString("account_id", envelope.EntityId);
            json.WriteNumber("version", envelope.SequenceNr);
            json.WriteString("timestamp", envelope.WrittenAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WritePropertyName("data");
            json.WriteRawValue(envelope.EventJson.Span, skipInputValidation: true);
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
