using Chronicle.Actors.Accounts;
using Chronicle.Contracts.Ids;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>Snapshots are taken every N events, all of them kept, and an account recovers correctly from them.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SnapshotTests(LedgerFixture fixture)
{
    private const int SnapshotEvery = 5;

    [Fact]
    public async Task Every_nth_event_leaves_a_snapshot_and_a_restarted_node_recovers_the_same_state()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("snapshots");
        var settings = new AccountSettings { SnapshotEveryEvents = SnapshotEvery };
        await using (var node = await TestNode.StartAsync(eventStore, settings))
        {
            await node.CreateAccountAsync("snap", "0");
            for (var i = 1; i <= 11; i++)
                Assert.Equal(System.Net.HttpStatusCode.Created,
                    (await node.PostAsync("/commands/deposit", new { account_id = "snap", amount = i }, $"deposit-{i}")).StatusCode);

            await Eventually.Until(() => SnapshotSequenceNumbersAsync(eventStore), s => s.Count == 2, TimeSpan.FromSeconds(30), "two snapshots");
        }

        Assert.Equal([5L, 10L], await SnapshotSequenceNumbersAsync(eventStore));

        await using var restarted = await TestNode.StartAsync(eventStore, settings);
        var account = await restarted.GetAccountAsync("snap");
        Assert.Equal("66.00", account.GetProperty("balance").GetString());
        Assert.Equal(12, account.GetProperty("version").GetInt64());

        // The idempotency keys travelled through the snapshot too: a replay of an early key writes nothing.
        var replay = await restarted.PostAsync("/commands/deposit", new { account_id = "snap", amount = 2 }, "deposit-2");
        Assert.Equal(System.Net.HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(12, await restarted.JournalRowsAsync("snap"));
    }

    private static Task<List<long>> SnapshotSequenceNumbersAsync(string eventStore) =>
        JournalSql.SnapshotSequenceNumbersAsync(eventStore, PersistenceIds.Account("snap"));
}
