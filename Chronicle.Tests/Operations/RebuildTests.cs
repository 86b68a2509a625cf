using System.Net;
using Chronicle.Contracts.Ids;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>POST /admin/rebuild: the read model is emptied and projected again from the stream while writes go on.</summary>
[Collection(LedgerCollection.Name)]
public sealed class RebuildTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_rebuild_while_writes_continue_ends_with_every_account_at_its_journal_version()
    {
        await using var stack = await fixture.StartReadSideAsync("admin_rebuild");
        var node = stack.Node;
        var busy = Enumerable.Range(0, 6).Select(i => $"rb-{i}").ToList();
        await Task.WhenAll(busy.Append("rb-still").Select(id => node.CreateAccountAsync(id, "100")));
        foreach (var id in busy)
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = id, amount = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/transfer", new { from_account_id = "rb-0", to_account_id = "rb-1", amount = "5", transfer_id = "rbt-1" })).StatusCode);
        await stack.AssertVerifiedAsync(Deadline);

        // What only a rebuild repairs: a row the projector never wrote, and one no later event touches.
        await JournalSql.ExecuteAsync(stack.ReadModel, "UPDATE account_balance SET balance_minor_units = 1 WHERE account_id = 'rb-still'");
        await ReadModelSql.InsertAccountNoEventMadeAsync(stack.ReadModel, "ghost");

        await using var writes = new BackgroundDeposits(node, busy);
        await Eventually.Until(() => Task.FromResult(writes.Accepted), n => n >= 20, Deadline, "background deposits under way");

        var rebuild = await node.Operator.PostAsync("/admin/rebuild", null);
        Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        Assert.Equal("/admin/projector", rebuild.Headers.Location?.OriginalString);
        var acceptedAt = writes.Accepted;

        await Eventually.Until(() => Task.FromResult(writes.Accepted), n => n >= acceptedAt + 20, Deadline, "deposits go on after the rebuild began");
        await AdminHttp.RebuildDoneAsync(node, Deadline);

        // Verify while the writes still go on: rows lag the busy accounts' journals, and must not count as differences for it.
        var whileWriting = await AdminHttp.VerifyAsync(node, settleSeconds: 30);
        Assert.True(whileWriting.GetProperty("clean").GetBoolean(), whileWriting.ToString());
        Assert.Equal(busy.Count + 1 + 1, whileWriting.GetProperty("entities_checked").GetInt64());   // the accounts and the transfer

        var deposits = await writes.StopAsync();
        Assert.True(deposits > acceptedAt, "no write after the rebuild began");
        var verify = await AdminHttp.VerifyAsync(node, settleSeconds: 60);
        Assert.True(verify.GetProperty("clean").GetBoolean(), verify.ToString());

        var rows = await ReadModelSql.AccountsAsync(stack.ReadModel);
        Assert.Equal(busy.Append("rb-still").Order(), rows.Keys.Order());
        // The journal, not a strong read: that would first write rb-0's settlement, still waiting to ride on a transfer.
        var journal = (await JournalSql.LedgerStreamsAsync(stack.EventStore)).ToDictionary(s => s.PersistenceId, s => s.Last);
        foreach (var id in busy.Append("rb-still"))
            Assert.Equal(journal[PersistenceIds.Account(id)], rows[id].Version);
        Assert.Equal(100_00, rows["rb-still"].BalanceMinorUnits);
    }
}
