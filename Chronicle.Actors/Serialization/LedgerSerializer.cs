using Akka.Actor;
using Akka.Serialization;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Serialization;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Serialization;

/// <summary>
/// Akka's door to <see cref="LedgerCodec"/>: the ledger's events, snapshots and messages are stored
/// and sent between nodes as its versioned JSON; account events with their hash chain (<see cref="ChainedEvent"/>).
/// </summary>
internal sealed class LedgerSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4711;

    /// <summary>Types this serializer owns, for binding in the Akka configuration.</summary>
    public static readonly Type[] BoundTypes =
    [
        typeof(IAccountEvent), typeof(ChainedEvent), typeof(ChainedState), typeof(IAccountMessage), typeof(WriteAccepted), typeof(CommandRejected),
        typeof(AccountStateReply), typeof(TransferOutcome), typeof(TransferNotOpen),
    ];

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => LedgerCodec.Manifest(o);

    public override byte[] ToBinary(object obj) => LedgerCodec.ToBinary(obj);

    /// <summary>As the journal keeps it: an account event with its chain hash, a snapshot with its chain's head.</summary>
    public override object FromBinary(byte[] bytes, string manifest) => LedgerCodec.FromStored(bytes, manifest);
}
