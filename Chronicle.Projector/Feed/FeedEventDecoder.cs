using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Chronicle.Actors.Serialization;

namespace Chronicle.Projector.Feed;

/// <summary>
/// Reads the feed's JSON envelope (docs/EVENT-FEED.md) back into a <see cref="FeedEvent"/>. The
/// event inside is the journal's own JSON, so the ledger serializer that wrote it reads it.
/// </summary>
public sealed class FeedEventDecoder(ActorSystem system)
{
    private readonly LedgerSerializer _serializer = new((ExtendedActorSystem)system);

    /// <param name="streamSequence">0 for an event read from the journal rather than the stream.</param>
    public FeedEvent Decode(ReadOnlyMemory<byte> envelope, ulong streamSequence)
    {
        using var json = JsonDocument.Parse(envelope);
        var root = json.RootElement;
        var eventType = root.GetProperty("event_type").GetString()!;
        var eventJson = root.GetProperty("event").GetRawText();
        return new FeedEvent(
            streamSequence,
            root.GetProperty("ordering").GetInt64(),
            root.GetProperty("entity_type").GetString()!,
            root.GetProperty("entity_id").GetString()!,
            root.GetProperty("sequence_nr").GetInt64(),
            eventType,
            DateTimeOffset.Parse(root.GetProperty("written_at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            _serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(eventJson), eventType),
            eventJson);
    }
}
