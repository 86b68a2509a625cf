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
    public FeedEvent Decode(ReadOnlyMemory<byte> envelope, ulong streamSequence)
    {
        var feed = FeedEnvelope.Parse(envelope);
        return new FeedEvent(
            streamSequence,
            feed.Ordering,
            feed.EntityType,
            feed.EntityId,
            feed.SequenceNr,
            feed.EventType,
            feed.WrittenAt,
            LedgerCodec.FromBinary(feed.EventJson.Span, feed.EventType),
            System.Text.Encoding.UTF8.GetString(feed.EventJson.Span));
    }
}
