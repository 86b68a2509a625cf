using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A rebuild empties the read model while a writer of it may still be finishing (a partition stopped with its batch
/// in flight): PostgreSQL can then choose the emptying as a deadlock's victim. The rebuild tries again, not fails.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ReadModelResetTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Emptying_the_read_model_survives_being_a_deadlock_victim()
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("reset_deadlock");
        await ReadModelSchema.MigrateAsync(readModel);
        await using var dataSource = NpgsqlDataSource.Create(readModel);
        await Sql.ExecuteAsync(dataSource, "INSERT INTO read_model_source (event_store_id) VALUES (gen_random_uuid())");

        // A late writer holds the last table the reset locks, and will want the first one.
        await using var writer = await dataSource.OpenConnectionAsync();
        // PostgreSQL looks for a deadlock once per wait, deadlock_timeout after the wait began, and the session that
        // finds one is its victim. The reset looks 10 s into its wait, by when the writer waits too; the writer, much later.
        await Sql.ExecuteAsync(writer, "SET deadlock_timeout = '60s'");
        await using var transaction = await writer.BeginTransactionAsync();
        await Sql.ExecuteAsync(writer, "DELETE FROM read_model_source");
        var writerPid = writer.ProcessID;

        await using var resetSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(readModel) { Options = "-c deadlock_timeout=10s" }.ConnectionString);
        var reset = new ReadModelStore(resetSource).ResetAsync(CancellationToken.None);
        // The reset has locked the first table and waits for the writer's: only then does the writer ask for the first.
        await Eventually.Until(() => WaitsForLockAsync(dataSource, writerPid), waits => waits, TimeSpan.FromSeconds(30), "the reset waiting for the writer");
        // The reset meets the deadlock first and is its victim; the writer's statement goes through.
        await Sql.ExecuteAsync(writer, "SELECT count(*) FROM account_balance");
        await transaction.RollbackAsync();

        await reset;
        Assert.Equal(0L, await Sql.ScalarAsync<long>(dataSource, "SELECT count(*) FROM read_model_source"));
    }

    /// <summary>Whether a session other than <paramref name="writerPid"/> waits for a lock the writer holds.</summary>
    private static async Task<bool> WaitsForLockAsync(NpgsqlDataSource dataSource, int writerPid) =>
        await Sql.ScalarAsync<long>(dataSource, $"SELECT count(*) FROM pg_stat_activity WHERE {writerPid} = ANY(pg_blocking_pids(pid))") > 0;
}
