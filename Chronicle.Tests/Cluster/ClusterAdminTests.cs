using System.Net;
using System.Text.Json;
using Chronicle.Cli;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Cluster;

/// <summary>
/// The operators' cluster routes (/admin/cluster, /admin/sharding) and their CLI verbs (cluster show |
/// leave | down, sharding regions | stats) against a gateway-only node and three ledger node processes.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ClusterAdminTests(LedgerFixture fixture)
{
    private static readonly TimeSpan MembershipDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cluster_and_sharding_routes_show_the_members_their_roles_and_where_the_accounts_live()
    {
        await using var cluster = await TestCluster.StartAsync(await fixture.Postgres.CreateDatabaseAsync("c_admin_show"), ledgerNodes: 3);
        var gateway = cluster.Gateway;
        var accounts = Enumerable.Range(1, 9).Select(i => $"s-{i}").ToList();
        foreach (var id in accounts) await gateway.CreateAccountAsync(id, "10");
        var ledgers = cluster.Ledgers.Select(l => l.Address).Order(StringComparer.Ordinal).ToList();
        var self = cluster.GatewayCluster.SelfAddress.ToString();

        var show = await GetAsync(gateway, "/admin/cluster");
        Assert.Equal(self, show.Str("self"));
        Assert.NotNull(show.Str("leader"));
        Assert.Equal(cluster.Ledgers[0].Address, show.GetProperty("oldest").Str("ledger"));
        Assert.Empty(show.Items("unreachable"));
        var members = show.Items("members").ToDictionary(m => m.Str("address")!);
        Assert.Equal(ledgers.Append(self).Order(StringComparer.Ordinal), members.Keys.Order(StringComparer.Ordinal));
        Assert.All(members.Values, m => Assert.Equal(("up", true), (m.Str("status"), m.GetProperty("reachable").GetBoolean())));
        Assert.All(ledgers, address => Assert.Equal(["ledger"], members[address].Items("roles").Select(r => r.GetString())));
        Assert.Equal(["gateway"], members[self].Items("roles").Select(r => r.GetString()));

        var sharding = await GetAsync(gateway, "/admin/sharding");
        Assert.Equal(["account"], sharding.Items("types").Select(t => t.Str("type_name")));
        var accountType = sharding.Items("types")[0];
        Assert.True(accountType.GetProperty("proxy").GetBoolean());
        Assert.Equal(accounts.Count, accountType.Int("entities"));
        Assert.Equal(ledgers, accountType.Items("regions").Select(r => r.Str("address")));

        var stats = await GetAsync(gateway, "/admin/sharding/account");
        var homes = await cluster.AccountHomesAsync(accounts);
        foreach (var region in stats.Items("regions"))
        {
            var shards = region.Items("shard_stats");
            Assert.Equal(region.Int("shards"), shards.Length);
            Assert.Equal(homes.Values.Count(home => home == region.Str("address")), region.Int("entities"));
            Assert.Equal(region.Int("entities"), shards.Sum(s => s.Int("entities")));
        }

        Assert.Equal("shard_type_not_found", await ProblemCodeAsync(await gateway.Operator.GetAsync("/admin/sharding/nothing"), HttpStatusCode.NotFound));
        Assert.Equal("validation_failed", await ProblemCodeAsync(
            await gateway.PostAsync("/admin/cluster/leave", new { }, caller: gateway.Operator), HttpStatusCode.BadRequest));
        Assert.Equal("validation_failed", await ProblemCodeAsync(
            await gateway.PostAsync("/admin/cluster/down", new { address = "ledger-2" }, caller: gateway.Operator), HttpStatusCode.BadRequest));
        Assert.Equal("member_not_found", await ProblemCodeAsync(
            await gateway.PostAsync("/admin/cluster/leave", new { address = NodeProcess.AddressOf(1) }, caller: gateway.Operator), HttpStatusCode.NotFound));

        var url = gateway.Url.ToString();
        var cliShow = await CliRun.RunAsync(gateway.Keys.Operator, "cluster", "show", "--url", url);
        Assert.True(cliShow.Exit == ExitCodes.Ok, cliShow.ToString());
        var lines = cliShow.Out.Split('\n');
        Assert.StartsWith("ADDRESS", lines[0]);
        Assert.Contains(lines, line => line.StartsWith(cluster.Ledgers[0].Address) && line.Contains(" up ") && line.Contains(" ledger ")
                                       && line.Contains("oldest ledger: shard coordinators, event forwarder"));
        Assert.Contains(lines, line => line.StartsWith(self) && line.Contains(" gateway ") && line.Contains("answered this"));
        Assert.Contains("unreachable: none", cliShow.Out);

        var cliRegions = await CliRun.RunAsync(gateway.Keys.Operator, "sharding", "regions", "--url", url);
        Assert.True(cliRegions.Exit == ExitCodes.Ok, cliRegions.ToString());
        Assert.Equal(3, cliRegions.Out.Split('\n').Count(line => line.StartsWith("account ") && line.Contains("akka.tcp://")));
        Assert.Matches(@"account\s+all 3 nodes\s+\d+\s+9\n", cliRegions.Out);

        var cliStats = await CliRun.RunAsync(gateway.Keys.Operator, "sharding", "stats", "account", "--url", url);
        Assert.True(cliStats.Exit == ExitCodes.Ok, cliStats.ToString());
        Assert.Matches(@"^account: \d+ shards, 9 entities on 3 nodes", cliStats.Out);
        Assert.Contains("every shard answered", cliStats.Out);
        var unknown = await CliRun.RunAsync(gateway.Keys.Operator, "sharding", "stats", "nothing", "--url", url);
        Assert.Equal(ExitCodes.Failed, unknown.Exit);
        Assert.Contains("no entity type 'nothing'", unknown.Error);
    }

    [Fact]
    public async Task Leave_and_down_take_members_out_and_their_accounts_are_served_by_the_rest()
    {
        await using var cluster = await TestCluster.StartAsync(await fixture.Postgres.CreateDatabaseAsync("c_admin_leave"), ledgerNodes: 3);
        var gateway = cluster.Gateway;
        var url = gateway.Url.ToString();
        var accounts = Enumerable.Range(1, 9).Select(i => $"d-{i}").ToList();
        foreach (var id in accounts) await gateway.CreateAccountAsync(id, "10");
        var (ledger2, ledger3) = (cluster.Ledgers[1], cluster.Ledgers[2]);

        // A crashed member is unreachable: it cannot leave, it is downed (before the resolver would, 5 s on).
        await ledger3.KillAsync();
        await Eventually.Until(() => GetAsync(gateway, "/admin/cluster"), c => c.Items("unreachable").Any(a => a.GetString() == ledger3.Address),
            MembershipDeadline, "ledger-3 unreachable");
        var refused = await CliRun.RunAsync(gateway.Keys.Operator, "cluster", "leave", ledger3.Address, "--url", url);
        Assert.Equal(ExitCodes.Failed, refused.Exit);
        Assert.Contains("unreachable and cannot hand anything over; down it instead", refused.Error);
        var down = await CliRun.RunAsync(gateway.Keys.Operator, "cluster", "down", ledger3.Address, "--url", url);
        Assert.True(down.Exit == ExitCodes.Ok, down.ToString());
        Assert.Contains($"cluster down: {ledger3.Address} was ", down.Out);
        Assert.Contains($"cluster down: {ledger3.Address} removed after", down.Out);

        // A healthy one leaves: it hands over and its process ends by itself.
        var leave = await CliRun.RunAsync(gateway.Keys.Operator, "cluster", "leave", ledger2.Address, "--url", url);
        Assert.True(leave.Exit == ExitCodes.Ok, leave.ToString());
        Assert.Contains($"cluster leave: {ledger2.Address} was up; it hands its shards and singletons over, then exits", leave.Out);
        Assert.Contains($"cluster leave: {ledger2.Address} removed after", leave.Out);
        await ledger2.WaitForExitAsync(MembershipDeadline);

        var members = (await GetAsync(gateway, "/admin/cluster")).Items("members").Select(m => m.Str("address"));
        Assert.Equal(new[] { cluster.Ledgers[0].Address, cluster.GatewayCluster.SelfAddress.ToString() }.Order(StringComparer.Ordinal),
            members.Order(StringComparer.Ordinal));
        // ledger-3's accounts come back once the removal margin after its down has passed (until then the
        // shards are still taken to live on it: a downed node may run on a moment and must stop first).
        foreach (var id in accounts)
            await Eventually.Until(() => gateway.PostAsync("/commands/deposit", new { account_id = id, amount = "1" }, idempotencyKey: $"after-{id}"),
                response => response.StatusCode == HttpStatusCode.Created, MembershipDeadline, $"a deposit to {id} accepted");
        Assert.Equal([cluster.Ledgers[0].Address], (await cluster.AccountHomesAsync(accounts)).Values.Distinct());

        var gone = await CliRun.RunAsync(gateway.Keys.Operator, "cluster", "down", ledger2.Address, "--url", url);
        Assert.Equal(ExitCodes.Failed, gone.Exit);
        Assert.Contains("is not a member of the cluster", gone.Error);
    }

    private static async Task<JsonElement> GetAsync(TestNode node, string path)
    {
        var response = await node.Operator.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.DescribeAsync()}");
        return await response.BodyAsync();
    }

    private static async Task<string?> ProblemCodeAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.BodyAsync()).Str("code");
    }
}
