using Akka.Actor;
using Akka.Streams;
using Chronicle.Contracts.Feed;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Partitions;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// The partitions' batches ready at once commit in one read-model transaction, each with its own checkpoint; one
/// partition's failing batch fails that partition alone, and its batches handed in after it; a partition's batches
/// waiting together commit as one; a stopped partition's batch is withdrawn, even from a transaction already open. To hold a transaction while the others queue, the test takes a partition's advisory lock,
/// which every transaction of that partition takes first.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class GroupCommitTests(LedgerFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system = ActorSystem.Create("group-commit");

    [Fact]
    public async Task Batches_handed_in_while_a_transaction_runs_commit_together_each_with_its_checkpoint()
    {
        var readModel = await ReadModelAsync("group_commit");
        var accounts = AccountsInPartitions(0, 1, 2, 3);
        var feed = new FeedScript();
        await using var commit = Commit(readModel);

        Task<BatchResult> first, rest1, rest2, rest3;
        await using (await LockAsync(readModel, partition: 0))
        {
            first = commit.ApplyAsync(0, [Created(feed, accounts[0])], CancellationToken.None);
            await WaitingForLockAsync(readModel);
            rest1 = commit.ApplyAsync(1, [Created(feed, accounts[1])], CancellationToken.None);
            rest2 = commit.ApplyAsync(2, [Created(feed, accounts[2]), Deposited(feed, accounts[2], 5, 105)], CancellationToken.None);
            rest3 = commit.ApplyAsync(3, [Created(feed, accounts[3])], CancellationToken.None);
        }
        var results = await Task.WhenAll(first, rest1, rest2, rest3).WaitAsync(Patience);

        // The first alone (it was open when the others came), the three others in the next one.
        Assert.Equal(2, commit.Transactions);
        Assert.Equal([1, 1, 2, 1], results.Select(r => r.Applied));
        Assert.Equal(["0 1 1", "1 2 1", "2 4 2", "3 5 1"],
            await CheckpointsAsync(readModel));
        Assert.Equal(105, (await ReadModelSql.AccountsAsync(readModel))[accounts[2]].BalanceMinorUnits);
    }

    [Fact]
    public async Task A_batch_the_database_refuses_fails_its_partition_alone()
    {
        var readModel = await ReadModelAsync("group_commit_refused");
        var accounts = AccountsInPartitions(0, 1, 2);
        // What the database refuses: any row of the second account.
        await ReadModelSql.RefuseRowsOfAsync(readModel, accounts[2]);
        var feed = new FeedScript();
        await using var commit = Commit(readModel);

        Task<BatchResult> first, good, refused;
        await using (await LockAsync(readModel, partition: 0))
        {
            first = commit.ApplyAsync(0, [Created(feed, accounts[0])], CancellationToken.None);
            await WaitingForLockAsync(readModel);
            good = commit.ApplyAsync(1, [Created(feed, accounts[1])], CancellationToken.None);
            refused = commit.ApplyAsync(2, [Created(feed, accounts[2])], CancellationToken.None);
        }

        await first.WaitAsync(Patience);
        Assert.Equal(1, (await good.WaitAsync(Patience)).Applied);
        Assert.Contains("refused", (await Assert.ThrowsAsync<PostgresException>(() => refused.WaitAsync(Patience))).Message);
        Assert.Equal(["0", "1"], await SqlColumn.StringsAsync(readModel, "SELECT partition::text FROM projector_checkpoint ORDER BY partition"));
        Assert.Equal(new[] { accounts[0], accounts[1] }.Order(), (await ReadModelSql.AccountsAsync(readModel)).Keys.Order());
    }

    [Fact]
    public async Task A_partitions_batches_handed_in_while_a_transaction_runs_commit_as_one_acknowledged_by_the_last()
    {
        var readModel = await ReadModelAsync("group_commit_runs");
        var accounts = AccountsInPartitions(0, 1, 2);
        var feed = new FeedScript();
        await using var commit = Commit(readModel);

        Task<BatchResult> first, earlier, last, other;
        await using (await LockAsync(readModel, partition: 0))
        {
            first = commit.ApplyAsync(0, [Created(feed, accounts[0])], CancellationToken.None);
            await WaitingForLockAsync(readModel);
            earlier = commit.ApplyAsync(1, [Created(feed, accounts[1])], CancellationToken.None);
            last = commit.ApplyAsync(1, [Deposited(feed, accounts[1], 5, 105), Deposited(feed, accounts[1], 1, 106)], CancellationToken.None);
            other = commit.ApplyAsync(2, [Created(feed, accounts[2])], CancellationToken.None);
        }
        await Task.WhenAll(first, earlier, last, other).WaitAsync(Patience);

        Assert.Equal(2, commit.Transactions);
        // The earlier batch only says where it ended; the last carries the run's counts and the acknowledgement.
        Assert.Equal((2UL, 0, false), ((await earlier).Position.StreamSequence, (await earlier).Applied, (await earlier).Acknowledges));
        Assert.Equal((4UL, 3, true), ((await last).Position.StreamSequence, (await last).Applied, (await last).Acknowledges));
        Assert.Equal(["0 1 1", "1 4 3", "2 5 1"],
            await CheckpointsAsync(readModel));
        Assert.Equal(106, (await ReadModelSql.AccountsAsync(readModel))[accounts[1]].BalanceMinorUnits);
    }

    [Fact]
    public async Task A_batch_handed_in_after_one_that_then_fails_is_not_applied()
    {
        var readModel = await ReadModelAsync("group_commit_after_failure");
        var accounts = AccountsInPartitions(0, 2, 2);
        await ReadModelSql.RefuseRowsOfAsync(readModel, accounts[1]);
        var feed = new FeedScript();
        await using var commit = Commit(readModel);

        Task<BatchResult> refused, after;
        await using (await LockAsync(readModel, partition: 2))
        {
            refused = commit.ApplyAsync(2, [Created(feed, accounts[1])], CancellationToken.None);
            await WaitingForLockAsync(readModel);
            // Queued while the refused one's transaction waits: applied, it would move the checkpoint past the refused event.
            after = commit.ApplyAsync(2, [Created(feed, accounts[2])], CancellationToken.None);
        }

        Assert.Contains("refused", (await Assert.ThrowsAsync<PostgresException>(() => refused.WaitAsync(Patience))).Message);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => after.WaitAsync(Patience));
        Assert.Empty(await SqlColumn.StringsAsync(readModel, "SELECT partition::text FROM projector_checkpoint"));
        Assert.Empty(await ReadModelSql.AccountsAsync(readModel));
    }

    [Fact]
    public async Task A_stopped_partitions_batch_is_withdrawn_even_from_an_open_transaction()
    {
        var readModel = await ReadModelAsync("group_commit_stopped");
        var accounts = AccountsInPartitions(0, 1, 2, 3);
        var feed = new FeedScript();
        await using var commit = Commit(readModel);
        using var stopsQueued = new CancellationTokenSource();
        using var stopsInTransaction = new CancellationTokenSource();

        Task<BatchResult> first, queued, inTransaction, other;
        await using (await LockAsync(readModel, partition: 0))
        {
            first = commit.ApplyAsync(0, [Created(feed, accounts[0])], CancellationToken.None);
            await WaitingForLockAsync(readModel);
            queued = commit.ApplyAsync(1, [Created(feed, accounts[1])], stopsQueued.Token);
            // Stops before its turn comes.
            await stopsQueued.CancelAsync();
        }
        await first.WaitAsync(Patience);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Patience));

        // Partition 3's lock held: the next group's transaction takes partition 2's lock (locks go in partition order),
        // then waits for 3's; partition 2 stops meanwhile.
        await using var third = await LockAsync(readModel, partition: 3);
        Task<BatchResult> blocker;
        await using (await LockAsync(readModel, partition: 0))
        {
            blocker = commit.ApplyAsync(0, [Deposited(feed, accounts[0], 1, 101)], CancellationToken.None);
            await WaitingForLockAsync(readModel);
            inTransaction = commit.ApplyAsync(2, [Created(feed, accounts[2])], stopsInTransaction.Token);
            other = commit.ApplyAsync(3, [Created(feed, accounts[3])], CancellationToken.None);
        }
        await blocker.WaitAsync(Patience);
        await WaitingForLockAsync(readModel);
        await stopsInTransaction.CancelAsync();
        await third.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inTransaction.WaitAsync(Patience));
        Assert.Equal(1, (await other.WaitAsync(Patience)).Applied);
        Assert.Equal(["0", "3"], await SqlColumn.StringsAsync(readModel, "SELECT partition::text FROM projector_checkpoint ORDER BY partition"));
        Assert.Equal(new[] { accounts[0], accounts[3] }.Order(), (await ReadModelSql.AccountsAsync(readModel)).Keys.Order());
    }

    private GroupCommit Commit(string readModel) =>
        new(new BatchApplier(new ReadModelStore(NpgsqlDataSource.Create(readModel)), new JournalEvents(_system, _system.Materializer()), _system.Log),
            _system.Log);

    private async Task<string> ReadModelAsync(string purpose)
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync(purpose);
        await ReadModelSchema.MigrateAsync(readModel);
        return readModel;
    }

    /// <summary>Each partition's checkpoint: "partition stream_sequence events_applied".</summary>
    private static Task<IReadOnlyList<string>> CheckpointsAsync(string readModel) => SqlColumn.StringsAsync(readModel,
        "SELECT partition || ' ' || stream_sequence || ' ' || events_applied FROM projector_checkpoint ORDER BY partition");

    /// <summary>A distinct account id in each of the given partitions, in that order.</summary>
    private static string[] AccountsInPartitions(params int[] partitions)
    {
        var ids = new List<string>();
        foreach (var p in partitions)
            ids.Add(Enumerable.Range(0, 1000).Select(i => $"gc-{i}").First(id => EventFeed.PartitionOf(id) == p && !ids.Contains(id)));
        return [.. ids];
    }

    private static FeedEvent Created(FeedScript feed, string account) =>
        feed.Account(new AccountCreated(account, Guid.NewGuid(), DateTimeOffset.UnixEpoch, "Group", "EUR", 100, null));

    private static FeedEvent Deposited(FeedScript feed, string account, long amount, long balanceAfter) =>
        feed.Account(new MoneyDeposited(account, Guid.NewGuid(), DateTimeOffset.UnixEpoch, amount, balanceAfter, null, null));

    /// <summary>A session holding <paramref name="partition"/>'s writers' lock until disposed (unpooled: disposing ends it).</summary>
    private static async Task<NpgsqlConnection> LockAsync(string readModel, int partition)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(readModel) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = DeadLetterStore.PartitionLock(partition) });
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>Until a transaction waits for an advisory lock the test holds.</summary>
    private static Task WaitingForLockAsync(string readModel) =>
        Eventually.Until(() => ReadModelSql.ScalarAsync(readModel, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"),
            waiting => waiting > 0, Patience, "a transaction waiting for the partition's lock");

    public void Dispose() => _system.Dispose();
}
