using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Actors;

/// <summary>
/// An account that moved from node A to node B and back to A (a rebalance to a node that then died)
/// has events by writer A, then B, then A again: the journal stamps each event with its node's writer
/// id, not its incarnation's. Akka's replay filter took A's later events for those of an old writer
/// outliving a newer one and dropped them, and the account could never recover again (seen in a chaos
/// run: every node crash-looped on it). Recovery must replay every event.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class MovedAccountRecoveryTests(LedgerFixture fixture)
{
    [Fact]
    public async Task An_account_written_by_a_node_before_and_after_another_recovers_every_event()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("moved");
        await using (var node = await TestNode.StartAsync(eventStore))
        {
            await node.CreateAccountAsync("moved");
            for (var i = 1; i <= 3; i++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "moved", amount = "1.00" }, $"moved-{i}")).StatusCode);
        }
        // Events 2 and 3 as another node would have written them, between this node's 1 and 4.
        await JournalSql.ExecuteAsync(eventStore,
            "UPDATE journal SET writer_uuid = 'another-node' WHERE persistence_id = 'account-moved' AND sequence_number IN (2, 3)");

        await using var recovering = await TestNode.StartAsync(eventStore);
        using var response = await recovering.Http.GetAsync("/accounts/moved?consistency=strong");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3.00", (await response.BodyAsync()).Str("balance"));
    }
}
