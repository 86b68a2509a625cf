using System.Text.RegularExpressions;
using Chronicle.Actors.EventStore;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>
/// The journal DDL that docker-compose's cockroach-init and every node run: idempotent, plain SQL,
/// and with journal positions from a sequence (docs/DEPLOYMENT.md says why CockroachDB needs that).
/// CockroachDB itself cannot run here; this holds the script to what it accepts.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EventStoreSchemaTests(LedgerFixture fixture)
{
    private static readonly string Script = RepositoryFiles.Read("Chronicle.Actors", "EventStore", "event-store.sql");

    [Fact]
    public async Task Runs_twice_and_numbers_journal_rows_from_its_sequence()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("schema");
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        await EventStoreSchema.EnsureCreatedAsync(eventStore);

        Assert.Equal([1L], await SqlColumn.LongsAsync(eventStore, """
            SELECT count(*) FROM information_schema.columns
            WHERE table_name = 'journal' AND column_name = 'ordering' AND column_default = 'nextval(''journal_ordering_seq''::regclass)'
            """));
        Assert.Equal([1L], await SqlColumn.LongsAsync(eventStore, "SELECT cache_size FROM pg_sequences WHERE sequencename = 'journal_ordering_seq'"));

        await JournalSql.ExecuteAsync(eventStore, """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message)
            VALUES (0, false, 'account-a', 1, '\x00'), (0, false, 'account-a', 2, '\x00'), (0, false, 'account-b', 1, '\x00')
            """);
        Assert.Equal([1L, 2L, 3L], await SqlColumn.LongsAsync(eventStore, "SELECT ordering FROM journal ORDER BY ordering"));
    }

    /// <summary>Time travel's snapshot question is one probe of this index (SnapshotTable); a store created before it gets it at the next start.</summary>
    [Fact]
    public async Task Indexes_snapshots_by_account_and_save_time_in_new_and_existing_stores()
    {
        const string Definition = "SELECT indexdef FROM pg_indexes WHERE tablename = 'snapshot' AND indexname = 'snapshot_persistence_id_created_idx'";
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("schema_snapshot_index");
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        Assert.EndsWith("(persistence_id, created)", Assert.Single(await SqlColumn.StringsAsync(eventStore, Definition)));

        await JournalSql.ExecuteAsync(eventStore, "DROP INDEX snapshot_persistence_id_created_idx");
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        Assert.EndsWith("(persistence_id, created)", Assert.Single(await SqlColumn.StringsAsync(eventStore, Definition)));
    }

    /// <summary>
    /// Nothing queries the journal by created or sequence_number alone: a store made with the plugin's default indexes on
    /// them loses them at the next start (each cost every insert a btree descent), and a new store never has them.
    /// </summary>
    [Fact]
    public async Task Drops_the_journal_indexes_no_query_uses()
    {
        const string Unused = "SELECT indexname FROM pg_indexes WHERE indexname IN ('journal_created_idx', 'journal_sequence_number_idx')";
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("schema_unused_indexes");
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        Assert.Empty(await SqlColumn.StringsAsync(eventStore, Unused));

        await JournalSql.ExecuteAsync(eventStore, """
            CREATE INDEX journal_created_idx ON journal (created);
            CREATE INDEX journal_sequence_number_idx ON journal (sequence_number);
            """);
        Assert.Equal(2, (await SqlColumn.StringsAsync(eventStore, Unused)).Count);
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        Assert.Empty(await SqlColumn.StringsAsync(eventStore, Unused));
    }

    /// <summary>Ledger nodes start together and each runs the script: concurrent IF NOT EXISTS deadlocks or collides in the catalog.</summary>
    [Fact]
    public async Task Runs_from_eight_nodes_starting_at_once()
    {
        const int Nodes = 8;
        for (var round = 0; round < 3; round++)
        {
            var eventStore = await fixture.Postgres.CreateDatabaseAsync($"schema_concurrent_{round}");
            using var start = new Barrier(Nodes);
            await Task.WhenAll(Enumerable.Range(0, Nodes).Select(_ => Task.Run(async () =>
            {
                start.SignalAndWait(TimeSpan.FromSeconds(30));
                await EventStoreSchema.EnsureCreatedAsync(eventStore);
            })));
            Assert.Equal([1L], await SqlColumn.LongsAsync(eventStore, "SELECT count(*) FROM pg_tables WHERE tablename = 'journal'"));
        }
    }

    [Theory]
    [InlineData(@"\bplpgsql\b|\bDO\s+\$|CREATE\s+(OR\s+REPLACE\s+)?FUNCTION", "PL/pgSQL")]
    [InlineData(@"\b(BIG)?SERIAL\d?\b|unique_rowid", "SERIAL or unique_rowid: not dense on CockroachDB")]
    [InlineData(@"AS\s+IDENTITY", "an identity column: say the sequence and its cache explicitly")]
    [InlineData(@"CACHE\s+([2-9]|\d{2,})|PER\s+NODE", "a sequence cache: positions out of insert order")]
    public void Holds_nothing_CockroachDB_refuses_or_numbers_sparsely(string pattern, string why) =>
        Assert.False(Regex.IsMatch(StripComments(Script), pattern, RegexOptions.IgnoreCase), why);

    private static string StripComments(string sql) => Regex.Replace(sql, "--.*$", "", RegexOptions.Multiline);
}
