using Akka.Streams;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A partition receives an account's event 3 without its event 2 (as after a consumer reset or a
/// stream that lost a message): the applier must repair 2 from the journal, apply both in order,
/// and count the repair.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class GapRepairTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_missing_event_is_read_from_the_journal_and_applied_in_its_place()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("gap_repair");
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("gap_repair_read");
        await ReadModelSchema.MigrateAsync(readModel);
        // A node without NATS runs no forwarder and no projector: this test is the only writer of the read model.
        await using var node = await TestNode.StartAsync(eventStore);
        await node.CreateAccountAsync("gap", "10");
        foreach (var amount in new[] { "1.00", "2.00", "3.00" })
            await node.PostAsync("/commands/deposit", new { account_id = "gap", amount });

        var journal = new JournalEvents(node.ActorSystem, node.ActorSystem.Materializer());
        var history = await journal.ReadAsync("account", "gap", 1, long.MaxValue, CancellationToken.None);
        Assert.Equal(4, history.Count);
        var withHole = history.Where(e => e.SequenceNr != 2).Select((e, i) => e with { StreamSequence = (ulong)(i + 1) }).ToList();

        await using var dataSource = NpgsqlDataSource.Create(readModel);
        var applier = new BatchApplier(new ReadModelStore(dataSource), journal, node.ActorSystem.Log);
        var result = await applier.ApplyAsync(3, withHole, CancellationToken.None);

        Assert.Equal(1, result.Position.GapsRepaired);
        Assert.Equal(4, result.Applied);
        var account = (await ReadModelSql.AccountsAsync(readModel))["gap"];
        Assert.Equal((1600L, 4L, 4L), (account.BalanceMinorUnits, account.Version, account.TransactionCount));
        Assert.Equal(1, await ReadModelSql.ScalarAsync(readModel, "SELECT gaps_repaired FROM projector_checkpoint WHERE partition = 3"));
        Assert.Equal(3, await ReadModelSql.ScalarAsync(readModel, "SELECT stream_sequence FROM projector_checkpoint WHERE partition = 3"));
        // The opening balance, then each deposit with the balance after it: the repaired one in its place.
        Assert.Equal([1000L, 1100L, 1300L, 1600L],
            await SqlColumn.LongsAsync(readModel, "SELECT balance_after_minor_units FROM transactions WHERE account_id = 'gap' ORDER BY version"));

        // The same batch delivered again changes nothing: every event is at or below the account's version now.
        var again = await applier.ApplyAsync(3, withHole, CancellationToken.None);
        Assert.Equal((0, 0), (again.Applied, again.Position.GapsRepaired));
        Assert.Equal(4, await ReadModelSql.ScalarAsync(readModel, "SELECT count(*) FROM events"));
    }
}
