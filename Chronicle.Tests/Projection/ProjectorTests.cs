using System.Net;
using Chronicle.Tests.Infrastructure;
using Npgsql;

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
    public async Task Holds_posts_voids_expiries_and_refused_transfers_reach_the_read_model_as_the_ledger_recorded_them()
    {
        await using var stack = await fixture.StartReadSideAsync("projector_transfers");
        var node = stack.Node;
        await node.CreateAccountAsync("src", "100");
        await node.CreateAccountAsync("dst", "0");
        await node.CreateAccountAsync("frozen", "0");
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/freeze-account", new { account_id = "frozen" })).StatusCode);

        await HoldAsync(node, "h-post", "40.00");
        await HoldAsync(node, "h-void", "20.00");
        await Eventually.Until(() => RowsAsync(stack, "SELECT held_minor_units || '/' || available_balance_minor_units FROM account_balance WHERE account_id = 'src'"),
            rows => rows.SequenceEqual(["6000/4000"]), ProjectionDeadline, "both holds projected");
        Assert.Equal(["h-post|held", "h-void|held"], await RowsAsync(stack, "SELECT transfer_id || '|' || status FROM transfers ORDER BY 1"));

        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/post-transfer", new { transfer_id = "h-post", amount = "25.00" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/void-transfer", new { transfer_id = "h-void" })).StatusCode);
        await HoldAsync(node, "h-expire", "10.00", timeoutSeconds: 1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "src", to_account_id = "frozen", amount = "10.00", transfer_id = "t-fail" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "src", to_account_id = "dst", amount = "5.00", transfer_id = "t-done" })).StatusCode);

        // The settlements are written after the answers, and the hold expires by the account's own timer.
        string[] final =
        [
            "h-expire|1000||expired|",
            "h-post|4000|2500|completed|",
            "h-void|2000||voided|",
            "t-done|500||completed|",
            "t-fail|1000||failed|account_frozen",
        ];
        await Eventually.Until(() => RowsAsync(stack,
                "SELECT concat_ws('|', transfer_id, amount_minor_units, COALESCE(posted_amount_minor_units::text, ''), status, COALESCE(failure_reason, '')) FROM transfers ORDER BY transfer_id"),
            rows => rows.SequenceEqual(final), ProjectionDeadline, "every transfer ended in the read model");
        Assert.Equal(["dst|3000|0|3000|2", "frozen|0|0|0|0", "src|7000|0|7000|5"], await RowsAsync(stack,
            "SELECT concat_ws('|', account_id, balance_minor_units, held_minor_units, available_balance_minor_units, transaction_count) FROM account_balance ORDER BY 1"));
        Assert.Equal(["deposit|10000|10000", "transfer_out|2500|7500", "transfer_out|1000|6500", "refund|1000|7500", "transfer_out|500|7000"],
            await RowsAsync(stack, "SELECT concat_ws('|', type, amount_minor_units, balance_after_minor_units) FROM transactions WHERE account_id = 'src' ORDER BY version"));
        await stack.AssertProjectedExactlyOnceAsync(ProjectionDeadline);
    }

    private static async Task HoldAsync(TestNode node, string transferId, string amount, int? timeoutSeconds = null)
    {
        var body = new Dictionary<string, object>
        {
            ["from_account_id"] = "src", ["to_account_id"] = "dst", ["amount"] = amount, ["transfer_id"] = transferId, ["hold"] = true,
        };
        if (timeoutSeconds is { } seconds) body["timeout_seconds"] = seconds;
        var response = await node.PostAsync("/commands/transfer", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<IReadOnlyList<string>> RowsAsync(ReadSideStack stack, string sql)
    {
        await using var connection = new NpgsqlConnection(stack.ReadModel);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
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
