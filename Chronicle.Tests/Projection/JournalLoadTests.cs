using System.Text;
using Akka.Streams;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Serialization;
using Chronicle.Actors.Settings;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Projector.Rebuild;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A rebuild's load straight from the journal (<see cref="JournalLoad"/>) must make the read model the stream makes, and
/// hand the partitions over at the stream position it was given.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class JournalLoadTests(LedgerFixture fixture)
{
    private static readonly string[] Tables = ["account_balance", "transactions", "transfers", "incoming_holds", "events", "dead_letters"];

    [Fact]
    public async Task The_load_makes_the_rows_the_stream_makes_and_places_every_partition_at_the_stream_head()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("journal_load");
        var readPostgres = await fixture.ReadModelPostgresAsync();
        var streamed = await readPostgres.CreateDatabaseAsync("journal_load_streamed");
        var loaded = await readPostgres.CreateDatabaseAsync("journal_load_loaded");
        await ReadModelSchema.MigrateAsync(streamed);
        await ReadModelSchema.MigrateAsync(loaded);
        // A node without NATS runs no forwarder and no projector: this test is the only writer of both read models.
        await using var node = await TestNode.StartAsync(eventStore);
        foreach (var id in new[] { "jl-a", "jl-b", "jl-c" }) await node.CreateAccountAsync(id, "100");
        foreach (var (route, body) in new (string, object)[]
                 {
                     ("/commands/deposit", new { account_id = "jl-a", amount = "12.34" }),
                     ("/commands/withdraw", new { account_id = "jl-b", amount = "1" }),
                     ("/commands/transfer", new { from_account_id = "jl-a", to_account_id = "jl-c", amount = "5", transfer_id = "jl-t1" }),
                     ("/commands/freeze-account", new { account_id = "jl-b", reason = "audit" }),
                 })
            Assert.True((await node.PostAsync(route, body)).IsSuccessStatusCode, route);

        await using var journal = new JournalTable(DataSources.Create(eventStore));
        // Three openings, a deposit, a withdrawal, the transfer's debit, credit and settlement at its source (written a moment
        // later), a freeze: the journal must stand still, or the two ways would read different journals.
        var rows = await Eventually.Until(async () => (await journal.RowsAfterAsync(0, 10_000, CancellationToken.None))
            .Where(r => !EventFeed.IsAkkaInternal(r.PersistenceId)).ToList(), r => r.Count == 9, TimeSpan.FromSeconds(30), "the transfer settled at its source");

        // The stream's way: each row as the forwarder publishes it, through a partition's applier.
        var decoder = new FeedEventDecoder();
        var deliveries = rows.Select((r, i) => (FeedDelivery)decoder.Decode(FeedMessages.From(r).Payload, (ulong)(i + 1))).ToList();
        await using (var dataSource = NpgsqlDataSource.Create(streamed))
        {
            var applier = new BatchApplier(new ReadModelStore(dataSource), new JournalEvents(node.ActorSystem, node.ActorSystem.Materializer()),
                node.ActorSystem.Log);
            Assert.Equal(rows.Count, (await applier.ApplyAsync(0, deliveries, CancellationToken.None)).Applied);
        }

        // The load's way, in pages of two events: each page folds on from the one before.
        await using (var dataSource = NpgsqlDataSource.Create(loaded))
        {
            var load = new JournalLoad(new ReadModelStore(dataSource), journal, node.ActorSystem.Log, pageEvents: 2);
            Assert.Equal(rows.Count, await load.RunAsync(streamHead: 42, CancellationToken.None));
        }

        foreach (var table in Tables)
            Assert.Equal(await RowsAsync(streamed, table), await RowsAsync(loaded, table));
        Assert.Equal(Enumerable.Repeat(42L, EventFeed.Partitions),
            await SqlColumn.LongsAsync(loaded, "SELECT stream_sequence FROM projector_checkpoint ORDER BY partition"));
        Assert.Equal(rows.Count, await ReadModelSql.ScalarAsync(loaded, "SELECT sum(events_applied) FROM projector_checkpoint"));
    }

    [Fact]
    public void A_journal_row_reads_as_the_forwarders_message_of_it_reads()
    {
        var decoder = new FeedEventDecoder();
        IAccountEvent[] events =
        [
            new AccountCreated("jr", Guid.NewGuid(), DateTimeOffset.UnixEpoch, "Ann", "EUR", 500, null),
            new MoneyDeposited("jr", Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddSeconds(1), 250, 750, "salary", null),
        ];
        for (var i = 0; i < events.Length; i++)
        {
            var row = new JournalRow(100 + i, PersistenceIds.Account("jr"), i + 1, DateTimeOffset.UnixEpoch.AddDays(1).UtcTicks,
                LedgerCodec.ToBinary(events[i]), LedgerSerializer.SerializerId, LedgerCodec.Manifest(events[i]));
            var streamed = decoder.Decode(FeedMessages.From(row).Payload, streamSequence: 0);
            var loaded = Assert.IsType<FeedEvent>(decoder.FromJournal(row));
            Assert.Equal(streamed with { Event = events[i], EventJson = default }, loaded with { Event = events[i], EventJson = default });
            Assert.Equal(streamed.Event, loaded.Event);
            Assert.Equal(streamed.EventJson.ToArray(), loaded.EventJson.ToArray());
        }

        var unknown = new JournalRow(7, PersistenceIds.Account("jr"), 3, 0, Encoding.UTF8.GetBytes("{}"), LedgerSerializer.SerializerId, "NoSuchEvent.v9");
        var poison = Assert.IsType<UndecodableEvent>(decoder.FromJournal(unknown));
        Assert.Equal(("account", "jr", 3L, "NoSuchEvent.v9", "{}"), (poison.EntityType, poison.EntityId, poison.SequenceNr, poison.EventType, poison.Raw));
    }

    [Fact]
    public async Task An_event_past_a_gap_is_left_with_its_entitys_later_events_for_the_stream()
    {
        var feed = new FeedScript();
        var created = feed.Account(new AccountCreated("g", Guid.NewGuid(), DateTimeOffset.UnixEpoch, "Gil", "EUR", 100, null));
        var second = feed.Account(new MoneyDeposited("g", Guid.NewGuid(), DateTimeOffset.UnixEpoch, 1, 101, null, null));
        var third = feed.Account(new MoneyDeposited("g", Guid.NewGuid(), DateTimeOffset.UnixEpoch, 1, 102, null, null));
        var changes = ReadModelChanges.Empty();
        var fold = new DeliveryFold(changes, [], Akka.Event.NoLogger.Instance, "test");

        await fold.FoldAsync([created, third], (_, _) => Task.FromResult<IReadOnlyList<FeedEvent>?>(null));

        Assert.Equal(1, changes.VersionOf("account", "g"));
        Assert.Empty(fold.Quarantined);
        Assert.Equal(0, fold.GapsRepaired);
        // What the stream then delivers applies in order.
        await fold.FoldAsync([second, third], (_, _) => throw new InvalidOperationException("no gap is left"));
        Assert.Equal((3L, 102L), (changes.VersionOf("account", "g"), Assert.Single(changes.ChangedAccounts).State.BalanceMinorUnits));
    }

    private static Task<IReadOnlyList<string>> RowsAsync(string database, string table) =>
        SqlColumn.StringsAsync(database, $"SELECT t::text FROM {table} t ORDER BY t::text");
}
