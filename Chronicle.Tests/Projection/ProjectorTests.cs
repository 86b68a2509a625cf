using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Projection;

[Collection(LedgerCollection.Name)]
public sealed class ProjectorTests(LedgerFixture fixture)
{
    private static readonly TimeSpan ProjectionDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_write_reaches_the_read_model_once()
    {
        await using var stack = await fixture.StartReadSideAsync("projector_basic");
        var node = stack.Node;
        var ids = Enumerable.Range(0, 12).Select(i => $"p-{i}").ToList();
        await Task.WhenAll(ids.Select(id => node.CreateAccountAsync(id, "100")));
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var d = 0; d < 5; d++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = id, amount = "1.25" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = id, amount = "0.50" })).StatusCode);
        }));
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/transfer", new { from_account_id = "p-0", to_account_id = "p-1", amount = "10", transfer_id = "pt-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/freeze-account", new { account_id = "p-2", reason = "audit" })).StatusCode);

        var expected = new Dictionary<string, (long Balance, string Status, long Version, long Transactions)>();
        foreach (var id in ids)
        {
            var account = await node.GetAccountAsync(id + "?consistency=strong");
            expected[id] = ((long)(decimal.Parse(account.GetProperty("balance").GetString()!) * 100), account.GetProperty("status").GetString()!,
                account.GetProperty("version").GetInt64(), 0);
        }

        var projected = await Eventually.Until(() => ReadModelSql.AccountsAsync(stack.ReadModel),
            rows => ids.All(id => rows.TryGetValue(id, out var row) && row.Version == expected[id].Version), ProjectionDeadline, "read model caught up");
        foreach (var id in ids)
        {
            Assert.Equal(expected[id].Balance, projected[id].BalanceMinorUnits);
            Assert.Equal(expected[id].Status, projected[id].Status);
        }
        // Opening balance + 5 deposits + 1 withdrawal each; p-0 and p-1 also have their transfer leg.
        Assert.Equal(7, projected["p-5"].TransactionCount);
        Assert.Equal(8, projected["p-0"].TransactionCount);
        Assert.Equal(12 * 7 + 2, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM transactions"));
        // The audit log holds every ledger event of the journal (not Akka's own sharding bookkeeping), each once.
        var ledgerEvents = await JournalSql.LedgerRowsAsync(stack.EventStore);
        await Eventually.Until(() => ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM events"), n => n == ledgerEvents,
            ProjectionDeadline, "audit log complete");
        await Eventually.Until(() => ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM transfers WHERE transfer_id = 'pt-1' AND status = 'completed'"),
            n => n == 1, ProjectionDeadline, "transfer projected as completed");
        await stack.AssertVerifiedAsync(ProjectionDeadline);
    }

    [Fact]
    public async Task Verify_reports_a_read_model_that_disagrees_with_the_journal()
    {
        await using var stack = await fixture.StartReadSideAsync("projector_verify");
        await stack.Node.CreateAccountAsync("v-1", "10");
        await stack.Node.CreateAccountAsync("v-2", "20");
        await stack.AssertVerifiedAsync(ProjectionDeadline);

        // Tamper with what the projector wrote: a balance off by a cent, and a row no event made.
        await JournalSql.ExecuteAsync(stack.ReadModel, "UPDATE account_balance SET balance_minor_units = balance_minor_units + 1 WHERE account_id = 'v-1'");
        await ReadModelSql.InsertAccountNoEventMadeAsync(stack.ReadModel, "ghost");

        var report = await stack.VerifyAsync(TimeSpan.FromSeconds(1));
        Assert.Contains(report.Differences, d => d is { EntityId: "v-1", Field: "balance_minor_units at version 1", ReadModel: "1001", Journal: "1000" });
        Assert.Contains(report.Differences, d => d is { EntityId: "ghost", Field: "existence" });
        Assert.DoesNotContain(report.Differences, d => d.EntityId == "v-2");
    }
}
