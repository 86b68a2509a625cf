namespace Chronicle.Chaos.Nemesis;

/// <summary>The nemeses by the names <c>--nemesis</c> takes and the report shows, in the order they take turns.</summary>
internal static class FaultNames
{
    /// <summary>SIGKILL of a ledger node (chosen at random), started again.</summary>
    public const string Kill = "kill";

    /// <summary>The bus stopped: every nats-server of the stack.</summary>
    public const string StopNats = "stop-nats";

    /// <summary>SIGKILL of one nats-server of the three (up --ha), chosen at random, started again.</summary>
    public const string KillNats = "kill-nats";

    public const string StopReadModel = "stop-read-model";

    /// <summary>One ledger node (at random) cut from every other member.</summary>
    public const string PartitionLedger = "partition-ledger";

    /// <summary>The gateway cut from the ledger nodes (and the projector).</summary>
    public const string PartitionGateway = "partition-gateway";

    /// <summary>SIGKILL of the replicated event store's primary PostgreSQL (up --ha).</summary>
    public const string KillStorePrimary = "kill-store-primary";

    public static readonly IReadOnlyList<string> All = [Kill, StopNats, KillNats, StopReadModel, PartitionLedger, PartitionGateway, KillStorePrimary];

    public static readonly IReadOnlySet<string> Partitions = new HashSet<string> { PartitionLedger, PartitionGateway };
}
