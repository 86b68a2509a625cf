using Akka.Cluster.Sharding;
using Chronicle.Domain.Transfers;

namespace Chronicle.Actors.Transfers;

public sealed class TransferMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => (message as ITransferMessage)?.TransferId;
}
