using System.Net;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>GET /transfers/{id} from the read model or the transfer's source account, and GET /transfers, the recent ones.</summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferQueryTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_transfer_is_read_from_the_read_model_unless_strong_or_not_there_yet()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_transfer");
        await node.Rows.TransferAsync("rm-failed", "a", "b", 2050, "USD", "failed", ReadModelRows.Epoch.AddMinutes(1), failureReason: "account_frozen");
        await node.Rows.TransferAsync("rm-held", "a", "b", 700, "JPY", "held", ReadModelRows.Epoch.AddMinutes(2), expiresAt: ReadModelRows.Epoch.AddDays(1));
        await node.Rows.TransferAsync("rm-posted", "a", "b", 1000, "USD", "completed", ReadModelRows.Epoch.AddMinutes(3), postedMinorUnits: 250);

        var failed = await node.Http.GetAsync("/transfers/rm-failed");
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        Assert.Equal(ReadSource.ReadModel, failed.Header(ReadSource.Header));
        var body = await failed.BodyAsync();
        Assert.Equal(("a", "b", "20.50", "USD", "failed", "account_frozen"),
            (body.Str("from_account_id"), body.Str("to_account_id"), body.Str("amount"), body.Str("currency"), body.Str("status"), body.Str("reason")));
        Assert.Equal(ReadModelRows.Epoch.AddMinutes(1), body.GetProperty("updated_at").GetDateTimeOffset());
        Assert.False(body.TryGetProperty("posted_amount", out _));

        var held = await (await node.Http.GetAsync("/transfers/rm-held")).BodyAsync();
        Assert.Equal(("700", "held"), (held.Str("amount"), held.Str("status")));
        Assert.Equal(ReadModelRows.Epoch.AddDays(1), held.GetProperty("expires_at").GetDateTimeOffset());
        var posted = await (await node.Http.GetAsync("/transfers/rm-posted")).BodyAsync();
        Assert.Equal(("10.00", "2.50"), (posted.Str("amount"), posted.Str("posted_amount")));

        // No account ever recorded the read model's rows.
        var strong = await node.Http.GetAsync("/transfers/rm-failed?consistency=strong");
        Assert.Equal(HttpStatusCode.NotFound, strong.StatusCode);
        Assert.Equal((ReadSource.Transfer, "transfer_not_found"), (strong.Header(ReadSource.Header), (await strong.BodyAsync()).Str("code")));

        // Not projected here: its source account answers while it is open.
        await node.Node.CreateAccountAsync("rm-from", "10");
        await node.Node.CreateAccountAsync("rm-to");
        Assert.Equal(HttpStatusCode.Created, (await node.Node.PostAsync("/commands/transfer",
            new { from_account_id = "rm-from", to_account_id = "rm-to", amount = "2.50", transfer_id = "rm-live", hold = true })).StatusCode);
        var live = await node.Http.GetAsync("/transfers/rm-live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal((ReadSource.Transfer, ReadSource.Miss), (live.Header(ReadSource.Header), live.Header(ReadSource.FallbackHeader)));
        var liveBody = await live.BodyAsync();
        Assert.Equal(("held", "2.50", "USD", "rm-from"), (liveBody.Str("status"), liveBody.Str("amount"), liveBody.Str("currency"), liveBody.Str("from_account_id")));
    }

    [Fact]
    public async Task Recent_transfers_come_newest_updated_first_optionally_by_status()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_transfers");
        string[] statuses = ["completed", "failed", "completed", "pending", "completed", "held"];
        for (var i = 0; i < statuses.Length; i++)
            await node.Rows.TransferAsync($"rm-t{i}", "a", "b", (i + 1) * 100, "USD", statuses[i], ReadModelRows.Epoch.AddMinutes(i));

        var recent = await node.Http.GetAsync("/transfers?limit=3");
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
        Assert.Equal(["rm-t5", "rm-t4", "rm-t3"], (await recent.BodyAsync()).Items("transfers").Select(t => t.Str("transfer_id")));

        var completed = (await (await node.Http.GetAsync("/transfers?status=completed")).BodyAsync()).Items("transfers");
        Assert.Equal(["rm-t4", "rm-t2", "rm-t0"], completed.Select(t => t.Str("transfer_id")));
        Assert.Equal("5.00", completed[0].Str("amount"));

        var failed = (await (await node.Http.GetAsync("/transfers?status=failed&limit=1")).BodyAsync()).Items("transfers");
        Assert.Equal([("rm-t1", "failed")], failed.Select(t => (t.Str("transfer_id"), t.Str("status"))));
        Assert.Equal(HttpStatusCode.BadRequest, (await node.Http.GetAsync("/transfers?status=debited")).StatusCode);
    }

    [Fact]
    public async Task A_pending_transfer_whose_credit_the_read_model_holds_is_answered_completed_before_its_settlement()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_credited");
        await node.Rows.TransferAsync("rm-settled", "a", "b", 100, "USD", "completed", ReadModelRows.Epoch.AddMinutes(1));
        await node.Rows.TransferAsync("rm-in-flight", "a", "b", 200, "USD", "pending", ReadModelRows.Epoch.AddMinutes(2));
        await node.Rows.TransferAsync("rm-credited", "a", "b", 300, "USD", "pending", ReadModelRows.Epoch.AddMinutes(3));
        await node.Rows.TransferAsync("rm-refunded", "a", "c", 400, "USD", "failed", ReadModelRows.Epoch.AddMinutes(4), failureReason: "account_closed");
        // The target's credit of rm-credited; the source's settlement has not come yet. A refund names its transfer too.
        await node.Rows.TransactionAsync("b", 7, "transfer_in", 300, 300, transferId: "rm-credited");
        await node.Rows.TransactionAsync("a", 9, "refund", 400, 1000, transferId: "rm-refunded");

        Assert.Equal("completed", (await (await node.Http.GetAsync("/transfers/rm-credited")).BodyAsync()).Str("status"));
        Assert.Equal("pending", (await (await node.Http.GetAsync("/transfers/rm-in-flight")).BodyAsync()).Str("status"));
        Assert.Equal("failed", (await (await node.Http.GetAsync("/transfers/rm-refunded")).BodyAsync()).Str("status"));

        async Task<List<(string?, string?)>> Listed(string query) =>
            (await (await node.Http.GetAsync($"/transfers{query}")).BodyAsync()).Items("transfers").Select(t => (t.Str("transfer_id"), t.Str("status"))).ToList();
        Assert.Equal([("rm-credited", "completed"), ("rm-settled", "completed")], await Listed("?status=completed"));
        Assert.Equal([("rm-credited", "completed")], await Listed("?status=completed&limit=1"));
        Assert.Equal([("rm-in-flight", "pending")], await Listed("?status=pending"));
        Assert.Equal([("rm-refunded", "failed"), ("rm-credited", "completed"), ("rm-in-flight", "pending"), ("rm-settled", "completed")], await Listed(""));
    }
}
