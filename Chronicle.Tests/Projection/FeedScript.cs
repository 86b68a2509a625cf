using System.Text;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Feed;

namespace Chronicle.Tests.Projection;

/// <summary>
/// Events as the feed delivers them to the projector: each in the ledger's codec, in the forwarder's envelope,
/// read back by the projector's decoder, with its entity's next sequence number and the next stream position.
/// </summary>
internal sealed class FeedScript
{
    private readonly FeedEventDecoder _decoder = new();
    private readonly Dictionary<(string, string), long> _versions = [];
    private ulong _position;

    public FeedEvent Account(IAccountEvent e) =>
        (FeedEvent)Deliver(PersistenceIds.AccountType, e.AccountId, LedgerCodec.Manifest(e), LedgerCodec.ToBinary(e));

    /// <summary>A message whose event this build may not know (a transfer saga's, an account event since removed).</summary>
    public FeedDelivery Raw(string entityType, string entityId, string manifest, string eventJson) =>
        Deliver(entityType, entityId, manifest, Encoding.UTF8.GetBytes(eventJson));

    private FeedDelivery Deliver(string entityType, string entityId, string manifest, byte[] eventJson)
    {
        var sequenceNr = _versions[(entityType, entityId)] = _versions.GetValueOrDefault((entityType, entityId)) + 1;
        var position = ++_position;
        var envelope = new FeedEnvelope((long)position, PersistenceIds.Of(entityType, entityId), entityType, entityId, sequenceNr, manifest,
            DateTimeOffset.UnixEpoch.AddSeconds(position), eventJson);
        return _decoder.Read(envelope.ToJson(), position, $"{EventFeed.SubjectPrefix}.{entityType}.0.{entityId}");
    }
}
