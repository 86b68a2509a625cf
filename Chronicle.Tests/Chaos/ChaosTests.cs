using Chronicle.Chaos;
using Chronicle.Chaos.Nemesis;
using Chronicle.Chaos.Nemesis.Partitions;
using Chronicle.Chaos.Workload;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chaos;

/// <summary>
/// The bank test, short, against a cluster of its own (three ledger processes, a gateway-only node in the
/// test process): money moving through the gateway while the nemesis acts, then every property checked on
/// the journal and the read model. (`./chronicle chaos` runs it long.)
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ChaosTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_minute_of_crashes_and_outages_breaks_no_property_of_the_bank()
    {
        var result = await RunAsync("chaos", new ChaosOptions
        {
            // Room for all three faults (5 s apart, 8 s each) and 21 s of healing between them: on a loaded machine the read
            // model's restart alone took 6 s, and with 50 s the kill no longer fitted before the run's end.
            Duration = TimeSpan.FromSeconds(65),
            Clients = 6,
            Accounts = 12,
            FaultEvery = TimeSpan.FromSeconds(5),
            FaultLength = TimeSpan.FromSeconds(8),
            // The outages first: a killed node's restart and join take the longest to heal.
            Nemeses = [FaultNames.StopNats, FaultNames.StopReadModel, FaultNames.Kill],
            Seed = 20261124,
        });

        Assert.Equal(["NATS stopped", "read-model PostgreSQL stopped"], result.Faults.Select(f => f.What).Where(w => !w.Contains("killed")).Distinct().Order());
        Assert.Contains(result.Faults, f => f.What.Contains("killed"));
    }

    [Fact]
    public async Task A_ledger_node_cut_off_from_the_cluster_breaks_no_property_of_the_bank_and_leaves_no_rule_behind()
    {
        var result = await RunAsync("partition", new ChaosOptions
        {
            Duration = TimeSpan.FromSeconds(40),
            Clients = 6,
            Accounts = 12,
            FaultEvery = TimeSpan.FromSeconds(5),
            PartitionShortest = TimeSpan.FromSeconds(20),
            PartitionLongest = TimeSpan.FromSeconds(20),
            Nemeses = [FaultNames.PartitionLedger],
            Seed = 20261203,
        });

        Assert.DoesNotContain(NftTable.Name, await HostFirewall.RulesAsync());
        var partition = Assert.Single(result.Faults);
        Assert.Contains("cut off from", partition.What);
        // The cut held real traffic up: a write to one of the node's accounts, or a transfer whose credit crossed the cut.
        // Not writes alone: once (CI, 2026-12-05) no write during the cut waited longer than 1.6 s while a transfer waited
        // 20.9 s. The cause was not found; the coordinator places the workload's 12 accounts, so the cut node may hold few.
        Assert.True(NemesisFigures.Longest(NemesisFigures.During(partition, result.Log)) > TimeSpan.FromSeconds(5), ChaosReport.Format(result));
    }

    /// <summary>
    /// The replicated layout of <c>up --ha</c> (the event store under Patroni, three nats-servers keeping the stream on
    /// all three), every fault the test processes can take once: the primary of the event store killed, one
    /// nats-server killed, the whole bus stopped, the read model stopped, a ledger node killed. (A ledger node's
    /// partition has its own test above; the gateway's only `./chronicle chaos`, see <see cref="TestClusterNemesis"/>.)
    /// </summary>
    [Fact]
    public async Task Every_fault_on_the_replicated_store_and_bus_breaks_no_property_of_the_bank()
    {
        await using var store = await ReplicatedEventStore.StartAsync();
        await using var bus = await NatsCluster.StartAsync();
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("chaos_ha_read");
        string[] nemeses = [FaultNames.KillStorePrimary, FaultNames.KillNats, FaultNames.StopNats, FaultNames.StopReadModel, FaultNames.Kill];
        await using var cluster = await TestCluster.StartAsync(store.ConnectionString, ledgerNodes: 3, bus.Url, readModel, streamReplicas: NatsClusterSpec.Members);

        var result = await RunAsync(cluster, new TestClusterNemesis(cluster, bus, store, await fixture.ReadModelPostgresAsync()), store.ConnectionString, new ChaosOptions
        {
            Duration = TimeSpan.FromSeconds(150),
            Clients = 6,
            Accounts = 12,
            FaultEvery = TimeSpan.FromSeconds(4),
            FaultLength = TimeSpan.FromSeconds(6),
            Nemeses = nemeses,
            Seed = 20261203,
        });

        Assert.Equal(nemeses.Order(), result.Faults.Select(f => f.Nemesis).Distinct().Order());
    }

    /// <summary>A run against a fresh cluster and read side that broke no property, moved money and left the read model equal to the journal.</summary>
    private async Task<ChaosResult> RunAsync(string purpose, ChaosOptions options)
    {
        var (eventStore, readModel, nats) = await fixture.CreateReadSideAsync(purpose);
        var readModelServer = await fixture.ReadModelPostgresAsync();
        await using var cluster = await TestCluster.StartAsync(eventStore, ledgerNodes: 3, nats.Url, readModel);
        return await RunAsync(cluster, new TestClusterNemesis(cluster, nats, readModelServer), eventStore, options);
    }

    private static async Task<ChaosResult> RunAsync(TestCluster cluster, TestClusterNemesis nemesis, string eventStore, ChaosOptions options)
    {
        var result = await ChaosRun.RunAsync(cluster.Gateway.Http, cluster.Gateway.Operator, nemesis, eventStore, options);

        var report = ChaosReport.Format(result);
        Assert.True(result.Violations.Count == 0, report);
        Assert.True(result.Log.Count(o => o.Outcome == Outcome.Acknowledged) > 100, report);
        Assert.StartsWith("clean", result.Verify);
        return result;
    }
}
