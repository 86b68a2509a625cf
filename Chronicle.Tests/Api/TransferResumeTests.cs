using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// A transfer in flight when its node stops ends by itself when the node comes back: nobody asks for it again.
/// The target account is made unable to take the credit (a row it cannot read sits in its journal), so the
/// transfer has left its source and is still in flight when the node stops; the row is then removed and a new
/// node started. The transfer recovery finds the source with a transfer open and wakes it; it sends the credit
/// again, and the transfer completes once.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferResumeTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_transfer_in_flight_when_its_node_stops_completes_after_restart_without_any_request()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_resume");
        await using (var node = await TestNode.StartAsync(eventStore))
        {
            await node.CreateAccountAsync("resume-src", "100");
            await node.CreateAccountAsync("resume-dst", "0");
            await JournalSql.ExecuteAsync(eventStore,
                "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier) " +
                "VALUES (0, false, 'account-resume-dst', 2, '\\x7b7d'::bytea, 'Unreadable.v1', 4711)");

            var response = await node.PostAsync("/commands/transfer",
                new { from_account_id = "resume-src", to_account_id = "resume-dst", amount = 25, transfer_id = "resume" });

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("/transfers/resume", response.Headers.Location?.OriginalString);
            Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-resume-src", "TransferSent.v1"));
        }

        await JournalSql.ExecuteAsync(eventStore, "DELETE FROM journal WHERE persistence_id = 'account-resume-dst' AND manifest = 'Unreadable.v1'");

        await using var restarted = await TestNode.StartAsync(eventStore);
        await Eventually.Until(() => JournalSql.CountAsync(eventStore, "account-resume-src", "TransferSettled.v1"), n => n == 1, Patience,
            "the transfer completed on its own");

        Assert.Equal("75.00", (await restarted.GetAccountAsync("resume-src")).GetProperty("balance").GetString());
        Assert.Equal("25.00", (await restarted.GetAccountAsync("resume-dst")).GetProperty("balance").GetString());
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-resume-dst", "TransferCredited.v1"));
    }
}
