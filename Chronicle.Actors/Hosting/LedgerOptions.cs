using Chronicle.Actors.Accounts;
using Chronicle.Actors.Transfers;

namespace Chronicle.Actors.Hosting;

/// <summary>How a node joins the ledger: where the event store is and how the cluster is formed.</summary>
public sealed record LedgerOptions
{
    /// <summary>Npgsql connection string of the event store (PostgreSQL here, CockroachDB in production).</summary>
    public required string EventStoreConnectionString { get; init; }

    /// <summary>Host name Akka remoting binds to and advertises. Loopback unless the cluster spans hosts.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Akka remoting port; 0 picks a free one (fine for a node that seeds itself or is no seed).</summary>
    public int Port { get; init; }

    /// <summary>
    /// Seed nodes ("akka.tcp://chronicle@host:port"). Empty: the node forms a cluster of its own at once
    /// (tests, a lone node). Null: cluster.hocon's <c>akka.cluster.seed-nodes</c>, the ledger nodes of
    /// <c>./chronicle up --nodes N</c> on loopback; the first of them forms the cluster when no other answers.
    /// </summary>
    public IReadOnlyList<string>? SeedNodes { get; init; } = [];

    /// <summary>Fixed for the life of the cluster: changing it moves every account to another shard.</summary>
    public int NumberOfShards { get; init; } = 100;

    public AccountSettings Accounts { get; init; } = new();

    /// <summary>
    /// NATS (JetStream) server of the event feed, e.g. nats://127.0.0.1:14222. Null: this node runs no
    /// forwarder (the journal keeps everything; a forwarder started later catches up).
    /// </summary>
    public string? NatsUrl { get; init; }

    public TransferSettings Transfers { get; init; } = new();
}
