using System.Net;
using Akka.Streams;
using Chronicle.Contracts.Feed;
using Chronicle.Projector;
using Chronicle.Projector.Consumers;
using Chronicle.Projector.Partitions;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A partition's catch-up from the journal (the stream's retention passed its checkpoint), cut short by a page the read
/// model refuses: the pages before it stay applied and move the partition's journal ordering on, its stream position
/// stays; run again, it goes on from there and ends with every event of the partition applied once, and its checkpoint
/// before the stream's first message.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class JournalCatchUpTests(LedgerFixture fixture)
{
    private const int Partition = 5;

    [Fact]
    public async Task A_catch_up_cut_short_goes_on_from_its_last_page_and_applies_each_event_once()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("journal_catch_up");
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("journal_catch_up_read");
        await ReadModelSchema.MigrateAsync(readModel);
        // A node without NATS runs no forwarder and no projector: this test is the only writer of the read model.
        await using var node = await TestNode.StartAsync(eventStore);
        var accounts = Enumerable.Range(0, 1000).Select(i => $"cu-{i}").Where(id => EventFeed.PartitionOf(id) == Partition).Take(4).ToList();
        var other = Enumerable.Range(0, 1000).Select(i => $"cu-{i}").First(id => EventFeed.PartitionOf(id) != Partition);
        foreach (var account in accounts.Append(other))
        {
            await node.CreateAccountAsync(account, "10");
            for (var d = 0; d < 2; d++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = account, amount = "1.00" })).StatusCode);
        }
        var journalHead = (await JournalSql.LedgerOrderingsAsync(eventStore))[^1];
        var refusedFrom = (await SqlColumn.LongsAsync(eventStore, $"SELECT min(ordering) FROM journal WHERE persistence_id = 'account-{accounts[2]}'"))[0];
        // What the stream would say: it keeps messages from 100 on, the first of them forwarded from after the journal's head.
        var expired = new CheckpointExpiredException(Checkpoint: 7, FirstSequence: 100, FirstOrdering: journalHead + 1);

        await using var dataSource = NpgsqlDataSource.Create(readModel);
        var store = new ReadModelStore(dataSource);
        await using var commit = new GroupCommit(new BatchApplier(store, new JournalEvents(node.ActorSystem, node.ActorSystem.Materializer()), node.ActorSystem.Log),
            node.ActorSystem.Log);
        var catchUp = new JournalCatchUp(Partition, new ProjectorOptions().At(readModel, "nats://127.0.0.1:1", eventStore), store, commit, node.ActorSystem.Log,
            pageRows: 2);

        await ReadModelSql.RefuseRowsOfAsync(readModel, accounts[2]);
        // Each run with a token of its own, as each incarnation of a partition has: the group commit fails every later
        // batch of an incarnation whose batch failed.
        using var firstIncarnation = new CancellationTokenSource();
        await Assert.ThrowsAsync<PostgresException>(() => catchUp.RunAsync(expired, firstIncarnation.Token));
        var orderingAfterFirst = await store.ReadJournalOrderingAsync(Partition, CancellationToken.None);
        Assert.InRange(orderingAfterFirst, 1, refusedFrom - 1);
        Assert.Equal(7UL, await store.ReadCheckpointAsync(Partition, CancellationToken.None));
        Assert.Equal(accounts.Take(2).Order(), (await ReadModelSql.AccountsAsync(readModel)).Keys.Order());

        await SqlColumn.StringsAsync(readModel, "DROP TRIGGER refuse ON account_balance; SELECT 'ok'");
        using var secondIncarnation = new CancellationTokenSource();
        Assert.Equal(99UL, await catchUp.RunAsync(expired, secondIncarnation.Token));

        Assert.Equal(99UL, await store.ReadCheckpointAsync(Partition, CancellationToken.None));
        Assert.InRange(await store.ReadJournalOrderingAsync(Partition, CancellationToken.None), refusedFrom, journalHead);
        var rows = await ReadModelSql.AccountsAsync(readModel);
        Assert.Equal(accounts.Order(), rows.Keys.Order());
        Assert.All(accounts, account => Assert.Equal(new ReadModelAccount(account, 1200, "active", 3, 3), rows[account]));
        // Each of the partition's events once: the pages applied before the refusal were not applied again.
        Assert.Equal(accounts.Count * 3, await ReadModelSql.ScalarAsync(readModel, "SELECT count(*) FROM events"));
        Assert.Equal(accounts.Count * 3, await ReadModelSql.ScalarAsync(readModel, $"SELECT events_applied FROM projector_checkpoint WHERE partition = {Partition}"));
    }
}
