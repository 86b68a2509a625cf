using Chronicle.Actors.EventStore;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Actors;

/// <summary>
/// The journal's own write path (<see cref="JournalWriter"/>): writes queued while a batch is in flight go out together,
/// a unique-key conflict fails only the write that caused it, a batch keeps its rows' order, and the queue has a limit.
/// A test holds the journal table locked so that the first batch waits in the database while the next one fills up.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class JournalWriterTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_write_that_conflicts_fails_alone_and_the_others_of_its_batch_are_written()
    {
        await using var eventStore = await EventStoreAsync("journal_writer_conflict");
        await JournalInsert.WriteAsync(eventStore, [Row("taken", 1)], "earlier");
        await using var writer = new JournalWriter(eventStore, "w", maxBatchRows: 400, maxQueuedWrites: 100, committed: () => { });

        Task first, before, conflicting, after;
        await using (var lockHolder = await LockJournalAsync(eventStore))
        {
            first = writer.WriteAsync([Row("first", 1)]);
            await AwaitInsertBlockedAsync(eventStore);
            // Queued behind the blocked batch: the next batch holds all three.
            before = writer.WriteAsync([Row("before", 1), Row("before", 2)]);
            conflicting = writer.WriteAsync([Row("taken", 1)]);
            after = writer.WriteAsync([Row("after", 1)]);
            await lockHolder.CommitAsync();
        }

        await first.WaitAsync(Deadline);
        await before.WaitAsync(Deadline);
        await after.WaitAsync(Deadline);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => conflicting.WaitAsync(Deadline));
        Assert.Equal((PostgresErrorCodes.UniqueViolation, "journal_uq"), (refused.SqlState, refused.ConstraintName));
        Assert.Equal(["after:1", "before:1", "before:2", "first:1", "taken:1"], await StoredAsync(eventStore, "persistence_id, sequence_number"));
    }

    /// <summary>The dev stack's nodes reach their PostgreSQL through its Unix socket, which takes no TCP keepalive.</summary>
    [Fact]
    public async Task The_journal_writes_through_a_Unix_socket()
    {
        var overTcp = await fixture.Postgres.CreateDatabaseAsync("journal_writer_socket");
        await EventStoreSchema.EnsureCreatedAsync(overTcp);
        var overSocket = new NpgsqlConnectionStringBuilder(overTcp) { Host = fixture.Postgres.SocketDirectory }.ConnectionString;
        await using var eventStore = JournalInsert.DataSource(overSocket);

        await JournalInsert.WriteAsync(eventStore, [Row("socket", 1)], "w");

        Assert.Equal(["socket:1"], await StoredAsync(eventStore, "persistence_id, sequence_number"));
    }

    [Fact]
    public async Task A_batch_takes_its_orderings_in_the_order_its_rows_were_written()
    {
        await using var eventStore = await EventStoreAsync("journal_writer_order");
        await using var writer = new JournalWriter(eventStore, "w", maxBatchRows: 400, maxQueuedWrites: 100, committed: () => { });
        var written = Enumerable.Range(1, 60).Select(i => Row($"p{i % 7}", i)).ToArray();

        await writer.WriteAsync(written).WaitAsync(Deadline);

        Assert.Equal(written.Select(r => $"{r.PersistenceId}:{r.SequenceNr}"), await StoredAsync(eventStore, "ordering"));
    }

    [Fact]
    public async Task Writes_beyond_the_queue_limit_are_refused_at_once_and_the_queued_ones_written()
    {
        await using var eventStore = await EventStoreAsync("journal_writer_full");
        await using var writer = new JournalWriter(eventStore, "w", maxBatchRows: 400, maxQueuedWrites: 2, committed: () => { });

        Task first, refused;
        Task[] queued;
        await using (var lockHolder = await LockJournalAsync(eventStore))
        {
            first = writer.WriteAsync([Row("first", 1)]);
            await AwaitInsertBlockedAsync(eventStore);
            queued = [writer.WriteAsync([Row("q1", 1)]), writer.WriteAsync([Row("q2", 1)])];
            refused = writer.WriteAsync([Row("q3", 1)]);
            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => refused.WaitAsync(Deadline));
            Assert.Contains("queue is full", refusal.Message);
            await lockHolder.CommitAsync();
        }

        await Task.WhenAll(queued.Append(first)).WaitAsync(Deadline);
        Assert.Equal(["first:1", "q1:1", "q2:1"], await StoredAsync(eventStore, "persistence_id"));
    }

    [Fact]
    public async Task A_write_waiting_for_the_synchronous_replica_is_acknowledged_only_once_the_replica_has_it_whatever_the_client_timeout()
    {
        // A server of its own: the replica it waits for is a server-wide setting.
        await using var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync("journal_writer_sync");
        await EventStoreSchema.EnsureCreatedAsync(connectionString);
        await using var eventStore = JournalInsert.DataSource(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 1 }.ConnectionString);
        await using var writer = new JournalWriter(eventStore, "w", maxBatchRows: 400, maxQueuedWrites: 100, committed: () => { });
        await SetSynchronousReplicaAsync(eventStore, "'replica_away'");

        var write = writer.WriteAsync([Row("waiting", 1)]);
        await Eventually.Until(() => Sql.ScalarAsync<long>(eventStore, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'"),
            n => n == 1, Deadline, "the insert committed on the primary, waiting for the replica");
        // Past the client's command timeout (1 s) and Npgsql's cancellation wait (2 s): a cancel would have ended the
        // wait in a commit reported done, on the primary alone. A window, not a wait for a condition: nothing may happen.
        Assert.NotSame(write, await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(4))));
        Assert.Empty(await StoredAsync(eventStore, "ordering"));

        await SetSynchronousReplicaAsync(eventStore, "''");
        await write.WaitAsync(Deadline);
        Assert.Equal(["waiting:1"], await StoredAsync(eventStore, "ordering"));
    }

    /// <summary>
    /// The replica every commit waits for; '' for none. Not a transaction, so it does not wait itself. A reload reaches a
    /// backend idle between commands only after its next command, so a pooled connection could run the writer's insert
    /// under the old setting (CI, 2026-12-05: the insert never waited). Once a backend shows the new setting the
    /// postmaster has it, and every backend started from then on: the pool's idle connections are closed.
    /// </summary>
    private static async Task SetSynchronousReplicaAsync(NpgsqlDataSource eventStore, string names)
    {
        await Sql.ExecuteAsync(eventStore, $"ALTER SYSTEM SET synchronous_standby_names = {names}");
        await Sql.ExecuteAsync(eventStore, "SELECT pg_reload_conf()");
        await Eventually.Until(() => Sql.ScalarAsync<string>(eventStore, "SHOW synchronous_standby_names"), shown => shown == names.Trim('\''),
            Deadline, $"synchronous_standby_names = {names} in force");
        eventStore.Clear();
    }

    private static NewJournalRow Row(string persistenceId, long sequenceNr) =>
        new(DateTime.UtcNow.Ticks, persistenceId, sequenceNr, [1, 2, 3], "test", 1, string.Empty);

    private async Task<NpgsqlDataSource> EventStoreAsync(string name)
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync(name);
        await EventStoreSchema.EnsureCreatedAsync(connectionString);
        return JournalInsert.DataSource(connectionString);
    }

    /// <summary>A transaction that holds the journal table against inserts until it ends.</summary>
    private static async Task<NpgsqlTransaction> LockJournalAsync(NpgsqlDataSource eventStore)
    {
        var connection = await eventStore.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await Sql.ExecuteAsync(connection, "LOCK TABLE journal IN EXCLUSIVE MODE");
        return transaction;
    }

    /// <summary>Returns once an insert into the journal waits on the lock: the writer's batch is in flight.</summary>
    private static async Task AwaitInsertBlockedAsync(NpgsqlDataSource eventStore)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (await Sql.ScalarAsync<long>(eventStore,
                   "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO journal%'") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the writer's insert never reached the database");
            await Task.Yield();
        }
    }

    private static async Task<List<string>> StoredAsync(NpgsqlDataSource eventStore, string orderBy)
    {
        await using var command = eventStore.CreateCommand($"SELECT persistence_id, sequence_number FROM journal ORDER BY {orderBy}");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)}:{reader.GetInt64(1)}");
        return rows;
    }
}
