using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Cluster;

/// <summary>
/// A gateway-only node in front of three ledger node processes (one of them also the projector): every
/// route answers as on a single node, the writes reaching accounts on all three ledger nodes through the
/// shard region proxies, the reads from the read model, time travel from the event store, and the
/// operators' read-side routes through the projector's singleton proxy.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class GatewayNodeTests(LedgerFixture fixture)
{
    private static readonly TimeSpan ProjectionDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Issue 14's bound for one read of one account, however many writes it has taken.</summary>
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_gateway_only_node_serves_every_route_with_the_accounts_on_three_ledger_nodes()
    {
        var (eventStore, readModel, nats) = await fixture.CreateReadSideAsync("c_gateway");
        await using var cluster = await TestCluster.StartAsync(eventStore, ledgerNodes: 3, nats.Url, readModel);
        var gateway = cluster.Gateway;

        var accounts = Enumerable.Range(1, 12).Select(i => $"g-{i}").ToList();
        foreach (var id in accounts) await gateway.CreateAccountAsync(id, "100");
        var homes = await cluster.AccountHomesAsync(accounts);
        Assert.Equal(cluster.Ledgers.Select(l => l.Address).Order(), homes.Values.Distinct().Order());

        // Money between accounts on different ledger nodes: a saga on one node, its steps on two others.
        var (from, to) = (accounts[0], accounts.First(id => homes[id] != homes[accounts[0]]));
        Assert.Equal(HttpStatusCode.Created, (await gateway.PostAsync("/commands/deposit", new { account_id = from, amount = "5.25" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await gateway.PostAsync("/commands/withdraw", new { account_id = to, amount = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await gateway.PostAsync("/commands/transfer",
            new { from_account_id = from, to_account_id = to, amount = "30", transfer_id = "g-t1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.PostAsync("/commands/freeze-account", new { account_id = accounts[^1], reason = "review" })).StatusCode);

        var strong = await (await gateway.Http.GetAsync($"/accounts/{to}?consistency=strong")).BodyAsync();
        Assert.Equal(("129.00", 3L), (strong.Str("balance"), strong.Int("version")));
        var transfer = await (await gateway.Http.GetAsync("/transfers/g-t1?consistency=strong")).BodyAsync();
        Assert.Equal("completed", transfer.Str("status"));

        // The read side: the projector (on ledger-1) fills the read model the gateway reads.
        var ledgerEvents = await JournalSql.LedgerRowsAsync(eventStore);
        await Eventually.Until(async () => await (await gateway.Auditor.GetAsync("/events?limit=1")).BodyAsync(),
            body => body.Int("total") == ledgerEvents, ProjectionDeadline, $"the audit log holds all {ledgerEvents} ledger events");
        var eventual = await gateway.Http.GetAsync($"/accounts/{to}");
        Assert.Equal(ReadSource.ReadModel, eventual.Header(ReadSource.Header));
        Assert.Equal("129.00", (await eventual.BodyAsync()).Str("balance"));
        Assert.Equal(3, (await (await gateway.Http.GetAsync($"/accounts/{to}/transactions")).BodyAsync()).Int("total"));
        Assert.Equal(3, (await (await gateway.Http.GetAsync($"/accounts/{to}/events")).BodyAsync()).Items("events").Length);
        Assert.Equal(["g-t1"], (await (await gateway.Http.GetAsync("/transfers")).BodyAsync()).Items("transfers").Select(t => t.Str("transfer_id")));

        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        var balanceAt = await (await gateway.Auditor.GetAsync($"/accounts/{to}/balance-at?timestamp={now}")).BodyAsync();
        Assert.Equal("129.00", balanceAt.Str("balance"));

        var projector = await AdminHttp.ProjectorAsync(gateway);
        Assert.Equal(8, projector.GetProperty("partitions").GetArrayLength());
        var verify = await AdminHttp.VerifyAsync(gateway, settleSeconds: 30);
        Assert.True(verify.GetProperty("clean").GetBoolean(), verify.ToString());

        // Each ledger process counts what it hosts and serves it on its own /metrics (the operator's key):
        // this test's one deposit on exactly one of them, the projector's partitions on ledger-1.
        using var scraper = new HttpClient();
        scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Keys.Operator);
        async Task<PrometheusText> ScrapeAsync(NodeProcess ledger)
        {
            var response = await scraper.GetAsync(new Uri(ledger.Url, "/metrics"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        }
        var deposits = new List<double>();
        foreach (var ledger in cluster.Ledgers)
            deposits.Add((await ScrapeAsync(ledger)).Sum("chronicle_commands_total", ("command", "deposit_money"), ("outcome", "accepted")));
        Assert.Equal(1, deposits.Sum());
        await Eventually.Until(() => ScrapeAsync(cluster.Ledgers[0]),
            m => m.Matching("chronicle_projector_running").Count(s => s.Value == 1) == 8, ProjectionDeadline, "ledger-1's metrics show its 8 projector partitions running");
    }

    /// <summary>Keyed writes one account has taken: enough that its remembered keys once overflowed a remoting frame.</summary>
    private const int KeyedWrites = 10_000;

    [Fact]
    public async Task A_strong_read_and_a_read_model_miss_answer_through_a_gateway_node_for_an_account_with_ten_thousand_keyed_writes()
    {
        var (eventStore, readModel, nats) = await fixture.CreateReadSideAsync("c_keyed");
        await using var cluster = await TestCluster.StartAsync(eventStore, ledgerNodes: 2, nats.Url, readModel);
        var gateway = cluster.Gateway;
        await gateway.CreateAccountAsync("k-busy", "0");
        await Parallel.ForEachAsync(Enumerable.Range(1, KeyedWrites), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var deposit = await gateway.PostAsync("/commands/deposit", new { account_id = "k-busy", amount = "0.01" }, $"k-busy-{i}");
            Assert.Equal(HttpStatusCode.Created, deposit.StatusCode);
        });

        // The state crosses from a ledger process to this gateway: it must carry the ledger, not the account's keys
        // (which once made the reply too big for remoting, and the read a 503 after the command timeout).
        var clock = Stopwatch.StartNew();
        var strong = await gateway.Http.GetAsync("/accounts/k-busy?consistency=strong");
        var strongTook = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, strong.StatusCode);
        var state = await strong.BodyAsync();
        Assert.Equal(("100.00", KeyedWrites + 1L), (state.Str("balance"), state.Int("version")));
        Assert.True(strongTook < AnswerDeadline, $"the strong read took {strongTook}");

        // A read the read model cannot answer goes to the account the same way.
        await Eventually.Until(() => ReadModelSql.ScalarAsync(readModel, "SELECT count(*) FROM account_balance WHERE account_id = 'k-busy' AND version = " + (KeyedWrites + 1)),
            n => n == 1, ProjectionDeadline, "the account is projected");
        await JournalSql.ExecuteAsync(readModel, "DELETE FROM account_balance WHERE account_id = 'k-busy'");
        clock.Restart();
        var missed = await gateway.Http.GetAsync("/accounts/k-busy");
        var missTook = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, missed.StatusCode);
        Assert.Equal(ReadSource.Account, missed.Header(ReadSource.Header));
        Assert.Equal("100.00", (await missed.BodyAsync()).Str("balance"));
        Assert.True(missTook < AnswerDeadline, $"the read-model miss took {missTook}");
    }

}
