namespace Chronicle.DevStack;

/// <summary>
/// The dev stack of <c>./chronicle up [--nodes N]</c>: two PostgreSQL servers (postgres-events: the
/// event store; postgres-read: the read model; one server each, so either can be stopped or reset
/// without the other), nats-server, and the nodes. <paramref name="LedgerNodes"/> 0: node-1 alone with
/// every role; N: ledger-1..N (account and transfer shards, event forwarder), gateway-1 (HTTP, on the
/// node port) and projector-1. <paramref name="Replicated"/> (up --ha): the event store is three PostgreSQL
/// servers under Patroni with three etcd members (<see cref="ReplicatedEventStoreSpec"/>) instead of
/// postgres-events, and the bus three nats-servers in a JetStream cluster keeping the stream on all three
/// (<see cref="NatsClusterSpec"/>) instead of nats. Everything lives under <see cref="StateDirectory"/> (.chronicle/).
/// </summary>
/// <param name="SeedNodes">CHRONICLE_SEED_NODES, comma-separated; null: ledger-1..3 (or fewer, with fewer ledger nodes).</param>
public sealed record DevStackDefinition(string Root, int LedgerNodes, StackPorts Ports, string? SeedNodes, bool Replicated)
{
    public const int MaxLedgerNodes = 9;

    private readonly Lazy<string> _postgresHome = new(() => PostgresHome.Resolve(Root, Path.Combine(Root, ".chronicle")));
    public const string EventStoreName = "postgres-events";
    public const string ReadModelName = "postgres-read";
    private const string NatsName = "nats";

    /// <summary>Not a part: what <c>kill</c> takes for whichever replicated event store server is primary now.</summary>
    public const string EventStorePrimaryName = "event-store-primary";

    public string StateDirectory => Path.Combine(Root, ".chronicle");

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    public string EnvFile => Path.Combine(StateDirectory, "env");

    public string KeysFile => Path.Combine(StateDirectory, "api-keys.json");

    /// <summary>Written by the running AppHost: where its control endpoint listens (see StackControl).</summary>
    public string ControlFile => Path.Combine(StateDirectory, "control.json");

    public string NodeProgramDirectory => Path.Combine(Root, "Chronicle.Node", "bin", "Release", "net10.0");

    public Uri Url => new($"http://127.0.0.1:{Ports.Node}");

    public PostgresServerSpec EventStore => Postgres("pg-events", "pg-socket", Ports.EventStore, "chronicle_events");

    /// <summary>With --ha: the replicated event store; its parts are named etcd-N and postgres-events-N.</summary>
    public ReplicatedEventStoreSpec ReplicatedEventStore =>
        new(Path.Combine(_postgresHome.Value, "pg-ha"), ReplicaPorts.From(Ports.ReplicatedEventStore), "chronicle_events", Throwaway: false);

    /// <summary>What the nodes are given: postgres-events, or with --ha every replicated server (the primary is the one used).</summary>
    public string EventStoreConnectionString => Replicated ? ReplicatedEventStore.ConnectionString : EventStore.ConnectionString;

    /// <summary>
    /// postgres-read: with --ha in a data directory of its own (pg-read-ha), as the event store and the bus have
    /// theirs. A read model holds the projection of one journal through one stream; one shared by both layouts
    /// held the other layout's rows at the same stream sequences, and its projector stopped at the first of them.
    /// </summary>
    public PostgresServerSpec ReadModel => Postgres(Replicated ? "pg-read-ha" : "pg-read", "pg-read-socket", Ports.ReadModel, "chronicle_read");

    private NatsServerSpec Nats => new(NatsName, Ports.Nats, Ports.NatsMonitor, Path.Combine(StateDirectory, "nats"));

    /// <summary>With --ha: the bus; its parts are named nats-N, nats-1 on nats' ports.</summary>
    public NatsClusterSpec NatsCluster => new(Path.Combine(StateDirectory, "nats-ha"), NatsMemberPorts.From(Ports.Nats, Ports.NatsMonitor));

    /// <summary>nats, or with --ha nats-1..3.</summary>
    public IReadOnlyList<NatsServerSpec> NatsServers => Replicated ? NatsCluster.Servers : [Nats];

    /// <summary>What the nodes are given: nats, or with --ha every server of the cluster.</summary>
    public string NatsUrl => Replicated ? NatsCluster.Url : Nats.Url;

    /// <summary>In start order: node-1, or ledger-1 first (it creates the event store's tables), then the rest.</summary>
    public IReadOnlyList<NodeSpec> Nodes => LedgerNodes == 0 ? [LoneNode] : ClusterNodes;

    /// <summary>Every part by name, in start order.</summary>
    public IEnumerable<string> Names => EventStoreNames.Append(ReadModelName).Concat(NatsServers.Select(s => s.Name)).Concat(Nodes.Select(n => n.Name));

    private IEnumerable<string> EventStoreNames => Replicated
        ? ReplicatedEventStore.Etcd.Select(e => e.Name).Concat(ReplicatedEventStore.Postgres.Select(p => p.Name))
        : [EventStoreName];

    /// <summary>What .chronicle/env records besides the keys: what Bench, Chaos, the CLI and readers of the README use.</summary>
    public IEnumerable<KeyValuePair<string, string>> Recorded()
    {
        var entries = new Dictionary<string, string>
        {
            ["CHRONICLE_URL"] = Url.ToString().TrimEnd('/'),
            ["CHRONICLE_PORT"] = Ports.Node.ToString(),
            ["CHRONICLE_NODES"] = LedgerNodes.ToString(),
            ["CHRONICLE_HA"] = Replicated ? "1" : "0",
            ["CHRONICLE_HA_PORT"] = Ports.ReplicatedEventStore.ToString(),
            ["CHRONICLE_AKKA_PORT"] = Ports.Akka.ToString(),
            ["CHRONICLE_PG_PORT"] = Ports.EventStore.ToString(),
            ["CHRONICLE_PG_SOCKET_DIR"] = EventStore.SocketDirectory,
            ["CHRONICLE_EVENT_STORE"] = EventStoreConnectionString,
            ["CHRONICLE_READ_PG_PORT"] = Ports.ReadModel.ToString(),
            ["CHRONICLE_READ_PG_SOCKET_DIR"] = ReadModel.SocketDirectory,
            ["CHRONICLE_READ_MODEL"] = ReadModel.ConnectionString,
            ["CHRONICLE_NATS_PORT"] = Ports.Nats.ToString(),
            ["CHRONICLE_NATS_URL"] = NatsUrl,
            ["CHRONICLE_NATS_MONITOR_PORT"] = Ports.NatsMonitor.ToString(),
            ["CHRONICLE_DASHBOARD_PORT"] = Ports.Dashboard.ToString(),
        };
        if (SeedNodes is not null) entries["CHRONICLE_SEED_NODES"] = SeedNodes;
        return entries;
    }

    private PostgresServerSpec Postgres(string data, string socket, int port, string database)
    {
        var home = _postgresHome.Value;
        return new PostgresServerSpec(port, Path.Combine(home, data), Path.Combine(home, socket), database, Throwaway: false);
    }

    /// <summary>A lone node, a cluster of its own: every role, no seeds but itself.</summary>
    private NodeSpec LoneNode => new("node-1", Ports.Node, Ports.Akka, [], NodeSettings(readModel: true));

    private IReadOnlyList<NodeSpec> ClusterNodes
    {
        get
        {
            var seeds = SeedNodes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        ?? Enumerable.Range(0, Math.Min(3, LedgerNodes)).Select(n => NodeSpec.AddressOf(Ports.Akka + n)).ToArray();
            var ledgers = Enumerable.Range(1, LedgerNodes)
                .Select(n => new NodeSpec($"ledger-{n}", Ports.Node + n, Ports.Akka + n - 1, seeds, NodeSettings(readModel: false, "ledger")));
            return
            [
                .. ledgers,
                new NodeSpec("gateway-1", Ports.Node, Ports.Akka + 10, seeds, NodeSettings(readModel: true, "gateway")),
                new NodeSpec("projector-1", Ports.Node + 10, Ports.Akka + 20, seeds, NodeSettings(readModel: true, "projector")),
            ];
        }
    }

    /// <summary>
    /// Every node: the event store, the bus (the event forwarder runs on the ledger nodes; with --ha it keeps the
    /// stream on every server of the cluster) and the API keys' hashes.
    /// </summary>
    private Dictionary<string, string> NodeSettings(bool readModel, string? roles = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["EventStore"] = EventStoreConnectionString,
            ["Nats"] = NatsUrl,
            ["ApiKeysFile"] = KeysFile,
        };
        if (Replicated) settings["Forwarder__StreamReplicas"] = NatsClusterSpec.Members.ToString();
        if (readModel)
        {
            settings["ReadModel"] = ReadModel.ConnectionString;
            // Webhook receivers tried out on this machine listen on loopback, which production refuses (docs/WEBHOOKS.md).
            settings["Webhooks__AllowPrivateAddresses"] = "true";
        }
        if (roles is not null) settings["Roles"] = roles;
        return settings;
    }
}
