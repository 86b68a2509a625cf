using Akka.Cluster.Sharding;

namespace Chronicle.Actors.Transfers;

public sealed class TransferMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => (message as ITransferMessage)?.TransferId;
}
