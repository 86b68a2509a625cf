using System.Net;
using Chronicle.Projector.ReadModel;
using Chronicle.Projector.Rebuild;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A rebuild's load drops the indexes of the tables it appends to and builds them after (<see cref="DeferredIndexes"/>):
/// the read model must end with exactly the indexes it had, and whole, whether the load ends or is cut short.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DeferredIndexesTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Every index and unique or primary key of the read model, by definition.</summary>
    private const string SchemaSql = """
        SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL
        SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('p', 'u') AND connamespace = current_schema()::regnamespace
        ORDER BY 1
        """;

    [Fact]
    public async Task The_appended_tables_indexes_are_dropped_recorded_and_built_again_as_they_were()
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("deferred_indexes");
        await ReadModelSchema.MigrateAsync(readModel);
        var before = await SqlColumn.StringsAsync(readModel, SchemaSql);
        await using var dataSource = NpgsqlDataSource.Create(readModel);

        Assert.Equal(4, await DeferredIndexes.DeferAsync(dataSource, CancellationToken.None));
        // The audit log keeps its primary key (the journal ordering, loaded in rising order); the rest are recorded.
        Assert.Equal(["events_pkey"], await IndexesOfAppendedTablesAsync(readModel));
        Assert.Equal(["events_aggregate_type_aggregate_id_version_key", "transactions_metadata_idx", "transactions_pkey", "transactions_transfer_in_idx"],
            await SqlColumn.StringsAsync(readModel, "SELECT name FROM deferred_indexes ORDER BY name"));

        Assert.Equal(4, await DeferredIndexes.RestoreAsync(dataSource, CancellationToken.None));
        Assert.Equal(before, await SqlColumn.StringsAsync(readModel, SchemaSql));
        Assert.Empty(await SqlColumn.StringsAsync(readModel, "SELECT name FROM deferred_indexes"));
        Assert.Equal(0, await DeferredIndexes.RestoreAsync(dataSource, CancellationToken.None));
    }

    [Fact]
    public async Task A_load_cut_short_is_started_again_from_an_emptied_read_model_which_ends_whole_with_its_indexes()
    {
        await using var stack = await fixture.StartReadSideAsync("deferred_cut_short");
        var node = stack.Node;
        var accounts = Enumerable.Range(0, 4).Select(i => $"di-{i}").ToList();
        await Task.WhenAll(accounts.Select(id => node.CreateAccountAsync(id, "100")));
        foreach (var id in accounts)
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = id, amount = "2.50" })).StatusCode);
        await stack.AssertVerifiedAsync(Deadline);
        var before = await SqlColumn.StringsAsync(stack.ReadModel, SchemaSql);

        // The load's page commits its audit rows; the accounts' rows at its end fail on di-2's: the load is cut short, its
        // rows partial, its indexes dropped. Each new try meets the same refusal until it is lifted.
        await ReadModelSql.RefuseRowsOfAsync(stack.ReadModel, "di-2");
        Assert.Equal(HttpStatusCode.Accepted, (await node.Operator.PostAsync("/admin/rebuild", null)).StatusCode);
        await Eventually.Until(() => ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM events"), n => n > 0, Deadline,
            "a load's page committed");
        Assert.Empty(await ReadModelSql.AccountsAsync(stack.ReadModel));
        Assert.NotEmpty(await SqlColumn.StringsAsync(stack.ReadModel, "SELECT name FROM deferred_indexes"));

        await JournalSql.ExecuteAsync(stack.ReadModel, "DROP TRIGGER refuse ON account_balance");
        await AdminHttp.RebuildDoneAsync(node, Deadline);
        // Had the partitions gone on from the partial rows, they would have met the audit rows a page had committed.
        await stack.AssertProjectedExactlyOnceAsync(Deadline);
        Assert.Equal(before, await SqlColumn.StringsAsync(stack.ReadModel, SchemaSql));
        Assert.Empty(await SqlColumn.StringsAsync(stack.ReadModel, "SELECT name FROM deferred_indexes"));
    }

    private static Task<IReadOnlyList<string>> IndexesOfAppendedTablesAsync(string readModel) =>
        SqlColumn.StringsAsync(readModel, "SELECT indexname::text FROM pg_indexes WHERE tablename IN ('events', 'transactions') ORDER BY 1");
}
