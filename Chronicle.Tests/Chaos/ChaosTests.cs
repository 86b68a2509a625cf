using Chronicle.Chaos;
using Chronicle.Chaos.Workload;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Chaos;

/// <summary>
/// The bank test, short: a minute of money moving through a gateway-only node while a ledger node is
/// killed and restarted, NATS stopped and started, and the read model's PostgreSQL stopped and started,
/// then every property checked on the journal and the read model. (`./chronicle chaos` runs it long.)
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ChaosTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_minute_of_crashes_and_outages_breaks_no_property_of_the_bank()
    {
        var (eventStore, readModel, nats) = await fixture.CreateReadSideAsync("chaos");
        var readModelServer = await fixture.ReadModelPostgresAsync();
        await using var cluster = await TestCluster.StartAsync(eventStore, ledgerNodes: 3, nats.Url, readModel);
        var options = new ChaosOptions
        {
            Duration = TimeSpan.FromSeconds(50),
            Clients = 6,
            Accounts = 12,
            FaultEvery = TimeSpan.FromSeconds(5),
            FaultLength = TimeSpan.FromSeconds(8),
            Seed = 20261124,
        };

        var result = await ChaosRun.RunAsync(cluster.Gateway.Http, cluster.Gateway.Operator, new TestClusterNemesis(cluster, nats, readModelServer), eventStore, options);

        var report = ChaosReport.Format(result);
        Assert.True(result.Violations.Count == 0, report);
        // The run did what it says: faults of every kind, and money moved.
        Assert.Equal(["NATS stopped", "read-model PostgreSQL stopped"], result.Faults.Select(f => f.What).Where(w => !w.Contains("killed")).Distinct().Order());
        Assert.Contains(result.Faults, f => f.What.Contains("killed"));
        Assert.True(result.Log.Count(o => o.Outcome == Outcome.Acknowledged) > 100, report);
        Assert.StartsWith("clean", result.Verify);
    }
}
