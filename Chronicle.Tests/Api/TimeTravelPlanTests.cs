using Chronicle.Actors.EventStore;
using Chronicle.Actors.History;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Api;

/// <summary>
/// Time travel's two questions (<see cref="JournalTable.EventsAfterSql"/>, <see cref="SnapshotTable.LatestSql"/>) must be
/// answered from the account's own keys however large a share of the store the account is: PostgreSQL's custom plans took
/// the one-column indexes for an account of 1,000,000 events in a journal of 2,000,000, and walked every account's rows
/// (760 ms for one page, docs/BENCHMARKS.md, Notes).
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TimeTravelPlanTests(LedgerFixture fixture)
{
    [Fact]
    public async Task An_account_that_is_most_of_the_store_is_read_by_its_own_keys()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("time_travel_plans");
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        await using (var setup = NpgsqlDataSource.Create(eventStore))
        {
            // 'big': 30,000 events and 300 snapshots, written after 300 other accounts' 10 events and one snapshot each.
            await Sql.ExecuteAsync(setup, """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, tags)
                SELECT o, false, 'account-other-' || o, s, '\x7b7d', 'MoneyDeposited.v1', 4711, '' FROM generate_series(1, 300) o, generate_series(1, 10) s;
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, tags)
                SELECT 1000 + s, false, 'account-big', s, '\x7b7d', 'MoneyDeposited.v1', 4711, '' FROM generate_series(1, 30000) s;
                INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id)
                SELECT 'account-other-' || o, 10, o, '\x7b7d', 'AccountSnapshot.v2', 4711 FROM generate_series(1, 300) o;
                INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id)
                SELECT 'account-big', s * 100, 1000 + s * 100, '\x7b7d', 'AccountSnapshot.v2', 4711 FROM generate_series(1, 300) s;
                ANALYZE journal;
                ANALYZE snapshot;
                """);
        }

        // As time travel connects (AccountHistory): the snapshot question relies on the generic plan.
        await using var history = AccountHistory.Connect(eventStore);
        await using var connection = await history.OpenConnectionAsync();
        Assert.Contains("snapshot_persistence_id_created_idx", await PlanAsync(connection, SnapshotTable.LatestSql, "'account-big', 1150, 9223372036854775807"));
        Assert.Contains("journal_uq", await PlanAsync(connection, JournalTable.EventsAfterSql, "'account-big', 5, 100"));

        // The journal's page is also asked by connections on custom plans (a transfer's end, at recovery): its row comparison
        // leaves no other index to take.
        await Sql.ExecuteAsync(connection, "SET plan_cache_mode = force_custom_plan");
        Assert.Contains("journal_uq", await PlanAsync(connection, JournalTable.EventsAfterSql, "'account-big', 5, 100"));
    }

    private static async Task<string> PlanAsync(NpgsqlConnection connection, string sql, string arguments)
    {
        await Sql.ExecuteAsync(connection, "DEALLOCATE ALL");
        await Sql.ExecuteAsync(connection, $"PREPARE question AS {sql}");
        await using var explain = new NpgsqlCommand($"EXPLAIN EXECUTE question({arguments})", connection);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
