using Akka.Cluster.Sharding;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// Routes account messages to shards by account id. HashCodeMessageExtractor hashes with
/// MurmurHash, stable across processes and restarts (string.GetHashCode is randomized per process).
/// </summary>
public sealed class AccountMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => (message as IAccountMessage)?.AccountId;
}
