using System.Net;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Ids;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Queries;

/// <summary>
/// The whole read side: writes through the API, the projector fills the read model from the event
/// feed, and every query route answers from it with what the entities themselves say.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReadSideEndToEndTests(LedgerFixture fixture)
{
    private static readonly TimeSpan ProjectionDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Well inside the minute the credit test's source waits before it settles, so a completed answer is the credit's.</summary>
    private static readonly TimeSpan CreditDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Writes_through_the_api_are_answered_from_the_read_model_as_the_entities_know_them()
    {
        await using var stack = await fixture.StartReadSideAsync("q_e2e");
        var node = stack.Node;
        await node.CreateAccountAsync("e-alice", "100");
        await node.CreateAccountAsync("e-bob");
        await node.CreateAccountAsync("e-frozen");
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "e-alice", amount = "25.50", description = "salary" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = "e-alice", amount = "10" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "e-alice", to_account_id = "e-bob", amount = "30", transfer_id = "e-t1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/freeze-account", new { account_id = "e-frozen", reason = "review" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "e-alice", to_account_id = "e-frozen", amount = "5", transfer_id = "e-t2" })).StatusCode);

        // The projector has caught up once the audit log counts every ledger event of the journal.
        var ledgerEvents = await JournalSql.LedgerRowsAsync(stack.EventStore);
        var log = await Eventually.Until(async () => await (await node.Auditor.GetAsync("/events?limit=1000")).BodyAsync(),
            body => body.Int("total") == ledgerEvents, ProjectionDeadline, $"the audit log holds all {ledgerEvents} ledger events");
        var sequences = log.Items("events").Select(e => e.Int("sequence")).ToList();
        Assert.Equal(ledgerEvents, sequences.Count);
        Assert.Equal(sequences.OrderDescending(), sequences);

        foreach (var id in new[] { "e-alice", "e-bob", "e-frozen" })
        {
            var eventual = await node.Http.GetAsync($"/accounts/{id}");
            Assert.Equal(ReadSource.ReadModel, eventual.Header(ReadSource.Header));
            var (fromReadModel, fromAccount) = (await eventual.BodyAsync(), await (await node.Http.GetAsync($"/accounts/{id}?consistency=strong")).BodyAsync());
            foreach (var field in new[] { "account_id", "owner_name", "balance", "currency", "status" })
                Assert.Equal(fromAccount.Str(field), fromReadModel.Str(field));
            Assert.Equal(fromAccount.Int("version"), fromReadModel.Int("version"));
            // PostgreSQL keeps microseconds, .NET ticks are a tenth of that.
            Assert.True((fromAccount.GetProperty("last_updated").GetDateTimeOffset() - fromReadModel.GetProperty("last_updated").GetDateTimeOffset()).Duration()
                < TimeSpan.FromMilliseconds(1), id);
        }

        var transactions = await (await node.Http.GetAsync("/accounts/e-alice/transactions")).BodyAsync();
        var rows = transactions.Items("transactions");
        Assert.Equal(6, transactions.Int("total"));
        Assert.Equal(["refund", "transfer_out", "transfer_out", "withdrawal", "deposit", "deposit"], rows.Select(r => r.Str("type")));
        Assert.Equal(["85.50", "80.50", "85.50", "115.50", "125.50", "100.00"], rows.Select(r => r.Str("balance_after")));
        Assert.Equal(("e-t2", "e-t1"), (rows[0].Str("transfer_id"), rows[2].Str("transfer_id")));
        Assert.Equal("salary", rows[4].Str("description"));

        var alice = await (await node.Http.GetAsync("/accounts/e-alice?consistency=strong")).BodyAsync();
        var history = (await (await node.Http.GetAsync("/accounts/e-alice/events")).BodyAsync()).Items("events");
        Assert.Equal(Enumerable.Range(1, (int)alice.Int("version")).Select(v => (long)v), history.Select(e => e.Int("version")));
        Assert.Equal("AccountCreated.v1", history[0].Str("event_type"));
        Assert.Equal("e-alice", history[0].GetProperty("event_data").Str("account_id"));

        var completed = await node.Http.GetAsync("/transfers/e-t1");
        Assert.Equal(ReadSource.ReadModel, completed.Header(ReadSource.Header));
        var t1 = await completed.BodyAsync();
        Assert.Equal(("completed", "30.00", "USD"), (t1.Str("status"), t1.Str("amount"), t1.Str("currency")));
        var t2 = await (await node.Http.GetAsync("/transfers/e-t2")).BodyAsync();
        var t2Strong = await (await node.Http.GetAsync("/transfers/e-t2?consistency=strong")).BodyAsync();
        Assert.Equal(("failed", "account_frozen"), (t2.Str("status"), t2.Str("reason")));
        Assert.Equal((t2Strong.Str("status"), t2Strong.Str("reason"), t2Strong.Str("amount")), (t2.Str("status"), t2.Str("reason"), t2.Str("amount")));

        var failed = (await (await node.Http.GetAsync("/transfers?status=failed")).BodyAsync()).Items("transfers");
        Assert.Equal(["e-t2"], failed.Select(t => t.Str("transfer_id")));
        Assert.Equal(["e-t2", "e-t1"], (await (await node.Http.GetAsync("/transfers")).BodyAsync()).Items("transfers").Select(t => t.Str("transfer_id")));
    }

    [Fact]
    public async Task A_transfer_reads_completed_from_the_read_model_once_its_credit_is_projected_not_when_its_source_settles()
    {
        // A settlement that waits a minute: the test ends long before the source writes it.
        await using var stack = await fixture.StartReadSideAsync("q_credit", transfers: new TransferSettings { SettlementDelayMilliseconds = 60_000 });
        var node = stack.Node;
        await node.CreateAccountAsync("c-from", "100");
        await node.CreateAccountAsync("c-to");
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "c-from", to_account_id = "c-to", amount = "30", transfer_id = "c-t1" })).StatusCode);

        // The transfer's row is in the read model from the source's send, pending until the target's credit is projected,
        // which may come in a later batch: wait for the read model to say completed, well inside the settlement's minute.
        var transfer = await Eventually.Until(async () =>
            {
                var answer = await node.Http.GetAsync("/transfers/c-t1");
                return (Source: answer.Header(ReadSource.Header), Status: answer.IsSuccessStatusCode ? (await answer.BodyAsync()).Str("status") : null);
            },
            answer => answer is { Source: ReadSource.ReadModel, Status: "completed" }, CreditDeadline, "c-t1 completed in the read model");
        Assert.Equal("completed", transfer.Status);
        Assert.Equal(["c-t1"], (await (await node.Http.GetAsync("/transfers?status=completed")).BodyAsync()).Items("transfers").Select(t => t.Str("transfer_id")));
        Assert.Empty((await (await node.Http.GetAsync("/transfers?status=pending")).BodyAsync()).Items("transfers"));
        // The row itself still says what the source has written: the transfer sent, not yet settled.
        Assert.Equal(0, await JournalSql.CountAsync(stack.EventStore, PersistenceIds.Account("c-from"), "TransferSettled.v1"));
        Assert.Equal(1, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM transfers WHERE transfer_id = 'c-t1' AND status = 'pending'"));
    }
}
