using Chronicle.Chaos.Nemesis;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chaos;

/// <summary>
/// The chaos nemesis on a test's own processes: the cluster's ledger nodes, its NATS server, the read
/// model's PostgreSQL. The gateway runs in the test process: it can be part of the others in a ledger node's
/// partition, never cut itself (downed, it could not be started again).
/// </summary>
internal sealed class TestClusterNemesis(TestCluster cluster, NatsServer nats, PostgresServer readModel) : INemesis
{
    private static readonly TimeSpan HealDeadline = TimeSpan.FromSeconds(120);

    private bool _busStopped, _readModelStopped;

    public IReadOnlySet<string> Supported { get; } = new HashSet<string> { FaultNames.Kill, FaultNames.StopNats, FaultNames.StopReadModel, FaultNames.PartitionLedger };

    public IReadOnlyList<string> LedgerNodes { get; } = cluster.Ledgers.Select(l => l.Name).ToList();

    public Task KillLedgerAsync(string node) => cluster.Ledgers.Single(l => l.Name == node).KillAsync();

    public Task StopBusAsync()
    {
        _busStopped = true;
        return nats.StopAsync();
    }

    public IReadOnlyList<string> BusServers { get; } = [];

    public Task KillBusServerAsync(string server) => throw new NotSupportedException("the test cluster's bus is one server");

    public Task StopReadModelAsync()
    {
        _readModelStopped = true;
        return readModel.StopAsync();
    }

    public Task<string> KillStorePrimaryAsync() => throw new NotSupportedException("the test cluster's event store is one server");

    public Task<IReadOnlyList<ClusterMember>> MembersAsync() =>
        Task.FromResult<IReadOnlyList<ClusterMember>>(
        [
            .. cluster.Ledgers.Where(l => !l.HasExited).Select(l => new ClusterMember(l.Name, l.Pid, l.AkkaPort)),
            new ClusterMember("gateway-1", Environment.ProcessId, cluster.GatewayCluster.SelfAddress.Port!.Value),
        ]);

    public async Task HealAsync()
    {
        if (_busStopped) await nats.RestartAsync();
        if (_readModelStopped) await readModel.RestartAsync();
        (_busStopped, _readModelStopped) = (false, false);
        await cluster.HealAsync(HealDeadline);
    }
}
