using Chronicle.Chaos.Nemesis;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chaos;

/// <summary>
/// The chaos nemesis on a test's own processes: the cluster's ledger nodes, its bus (one NATS server, or three in a
/// JetStream cluster), the read model's PostgreSQL and, when replicated, the event store under Patroni. The gateway
/// runs in the test process: it can be part of the others in a ledger node's partition, never cut itself (downed,
/// it could not be started again), so partition-gateway is the one fault only `./chronicle chaos` injects.
/// </summary>
internal sealed class TestClusterNemesis : INemesis
{
    private static readonly TimeSpan HealDeadline = TimeSpan.FromSeconds(120);

    private readonly TestCluster _cluster;
    private readonly PostgresServer _readModel;
    private readonly NatsServer? _nats;
    private readonly NatsCluster? _bus;
    private readonly ReplicatedEventStore? _store;
    private bool _busStopped, _readModelStopped, _storePrimaryKilled;

    /// <summary>A cluster on one event store server and one NATS server.</summary>
    public TestClusterNemesis(TestCluster cluster, NatsServer nats, PostgresServer readModel) : this(cluster, readModel, nats, null, null)
    {
    }

    /// <summary>A cluster on the replicated event store and the three-server bus of <c>up --ha</c>.</summary>
    public TestClusterNemesis(TestCluster cluster, NatsCluster bus, ReplicatedEventStore store, PostgresServer readModel) : this(cluster, readModel, null, bus, store)
    {
    }

    private TestClusterNemesis(TestCluster cluster, PostgresServer readModel, NatsServer? nats, NatsCluster? bus, ReplicatedEventStore? store)
    {
        (_cluster, _readModel, _nats, _bus, _store) = (cluster, readModel, nats, bus, store);
        var supported = new HashSet<string> { FaultNames.Kill, FaultNames.StopNats, FaultNames.StopReadModel, FaultNames.PartitionLedger };
        if (bus is not null) supported.Add(FaultNames.KillNats);
        if (store is not null) supported.Add(FaultNames.KillStorePrimary);
        Supported = supported;
        LedgerNodes = cluster.Ledgers.Select(l => l.Name).ToList();
        BusServers = bus?.Names ?? [];
    }

    public IReadOnlySet<string> Supported { get; }

    public IReadOnlyList<string> LedgerNodes { get; }

    public Task KillLedgerAsync(string node) => _cluster.Ledgers.Single(l => l.Name == node).KillAsync();

    public Task StopBusAsync()
    {
        _busStopped = true;
        return _bus?.StopAsync() ?? _nats!.StopAsync();
    }

    public IReadOnlyList<string> BusServers { get; }

    public Task KillBusServerAsync(string server)
    {
        _busStopped = true;
        return (_bus ?? throw new NotSupportedException("this test cluster's bus is one server")).KillAsync(server);
    }

    public Task StopReadModelAsync()
    {
        _readModelStopped = true;
        return _readModel.StopAsync();
    }

    public Task<string> KillStorePrimaryAsync()
    {
        _storePrimaryKilled = true;
        return (_store ?? throw new NotSupportedException("this test cluster's event store is one server")).KillPrimaryAsync();
    }

    public Task<IReadOnlyList<ClusterMember>> MembersAsync() =>
        Task.FromResult<IReadOnlyList<ClusterMember>>(
        [
            .. _cluster.Ledgers.Where(l => !l.HasExited).Select(l => new ClusterMember(l.Name, l.Pid, l.AkkaPort)),
            new ClusterMember("gateway-1", Environment.ProcessId, _cluster.GatewayCluster.SelfAddress.Port!.Value),
        ]);

    public async Task HealAsync()
    {
        if (_busStopped) await (_bus?.StartStoppedAsync() ?? _nats!.RestartAsync());
        if (_readModelStopped) await _readModel.RestartAsync();
        // Patroni starts the killed server again by itself, as a replica of the new primary.
        if (_storePrimaryKilled) await _store!.AwaitReplicatingAsync(HealDeadline);
        (_busStopped, _readModelStopped, _storePrimaryKilled) = (false, false, false);
        await _cluster.HealAsync(HealDeadline);
    }
}
