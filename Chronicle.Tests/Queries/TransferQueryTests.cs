using System.Net;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>GET /transfers/{id} from the read model or the saga, and GET /transfers, the recent ones.</summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferQueryTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_transfer_is_read_from_the_read_model_unless_strong_or_not_there_yet()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_transfer");
        await node.Rows.TransferAsync("rm-refunded", "a", "b", 20.5m, "USD", "failed", ReadModelRows.Epoch.AddMinutes(1),
            failureReason: "account_frozen", refundReason: "account_frozen_refund");
        await node.Rows.TransferAsync("rm-refunding", "a", "b", 7m, "JPY", "debited", ReadModelRows.Epoch.AddMinutes(2), refundReason: "account_closed");
        await node.Rows.TransferAsync("rm-pending", "a", "b", 1.005m, null, "pending", ReadModelRows.Epoch.AddMinutes(3));

        var refunded = await node.Http.GetAsync("/transfers/rm-refunded");
        Assert.Equal(HttpStatusCode.OK, refunded.StatusCode);
        Assert.Equal(ReadSource.ReadModel, refunded.Header(ReadSource.Header));
        var body = await refunded.BodyAsync();
        Assert.Equal(("a", "b", "20.50", "USD", "failed", "account_frozen"),
            (body.Str("from_account_id"), body.Str("to_account_id"), body.Str("amount"), body.Str("currency"), body.Str("status"), body.Str("reason")));
        Assert.Equal(ReadModelRows.Epoch.AddMinutes(1), body.GetProperty("updated_at").GetDateTimeOffset());

        var refunding = await (await node.Http.GetAsync("/transfers/rm-refunding")).BodyAsync();
        Assert.Equal(("7", "account_closed"), (refunding.Str("amount"), refunding.Str("reason")));
        // Before the debit the currency is unknown: the amount as requested.
        var pending = await (await node.Http.GetAsync("/transfers/rm-pending")).BodyAsync();
        Assert.Equal("1.005", pending.Str("amount"));
        Assert.False(pending.TryGetProperty("currency", out _));

        // The saga never heard of the read model's row.
        var strong = await node.Http.GetAsync("/transfers/rm-refunded?consistency=strong");
        Assert.Equal(HttpStatusCode.NotFound, strong.StatusCode);
        Assert.Equal((ReadSource.Transfer, "transfer_not_found"), (strong.Header(ReadSource.Header), (await strong.BodyAsync()).Str("code")));

        await node.Node.CreateAccountAsync("rm-from", "10");
        await node.Node.CreateAccountAsync("rm-to");
        Assert.Equal(HttpStatusCode.Created, (await node.Node.PostAsync("/commands/transfer",
            new { from_account_id = "rm-from", to_account_id = "rm-to", amount = "2.50", transfer_id = "rm-live" })).StatusCode);
        var live = await node.Http.GetAsync("/transfers/rm-live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal((ReadSource.Transfer, ReadSource.Miss), (live.Header(ReadSource.Header), live.Header(ReadSource.FallbackHeader)));
        var liveBody = await live.BodyAsync();
        Assert.Equal(("completed", "2.50"), (liveBody.Str("status"), liveBody.Str("amount")));
    }

    [Fact]
    public async Task Recent_transfers_come_newest_updated_first_optionally_by_status()
    {
        await using var node = await ReadModelNode.StartAsync(fixture, "q_transfers");
        string[] statuses = ["completed", "failed", "completed", "pending", "completed", "debited"];
        for (var i = 0; i < statuses.Length; i++)
            await node.Rows.TransferAsync($"rm-t{i}", "a", "b", i + 1, "USD", statuses[i], ReadModelRows.Epoch.AddMinutes(i));

        var recent = await node.Http.GetAsync("/transfers?limit=3");
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
        Assert.Equal(["rm-t5", "rm-t4", "rm-t3"], (await recent.BodyAsync()).Items("transfers").Select(t => t.Str("transfer_id")));

        var completed = (await (await node.Http.GetAsync("/transfers?status=completed")).BodyAsync()).Items("transfers");
        Assert.Equal(["rm-t4", "rm-t2", "rm-t0"], completed.Select(t => t.Str("transfer_id")));
        Assert.Equal("5.00", completed[0].Str("amount"));

        var failed = (await (await node.Http.GetAsync("/transfers?status=failed&limit=1")).BodyAsync()).Items("transfers");
        Assert.Equal([("rm-t1", "failed")], failed.Select(t => (t.Str("transfer_id"), t.Str("status"))));
    }
}
