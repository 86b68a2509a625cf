using Chronicle.Chaos.Nemesis;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chaos;

/// <summary>The chaos nemesis on a test's own processes: the cluster's ledger nodes, its NATS server, the read model's PostgreSQL.</summary>
public sealed class TestClusterNemesis(TestCluster cluster, NatsServer nats, PostgresServer readModel) : INemesis
{
    public IReadOnlyList<string> LedgerNodes { get; } = cluster.Ledgers.Select(l => l.Name).ToList();

    public Task KillLedgerAsync(string node) => cluster.Ledgers.Single(l => l.Name == node).KillAsync();

    public Task RestartLedgerAsync(string node) => cluster.RestartLedgerAsync(node);

    public Task StopBusAsync() => nats.StopAsync();

    public Task StartBusAsync() => nats.RestartAsync();

    public Task StopReadModelAsync() => readModel.StopAsync();

    public Task StartReadModelAsync() => readModel.RestartAsync();
}
