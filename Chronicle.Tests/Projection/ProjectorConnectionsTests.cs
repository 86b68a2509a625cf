using Chronicle.Actors.Settings;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Projection;

/// <summary>
/// How the projector's connections to the read model are set up (<see cref="DataSources"/>, <see cref="DataSources.GenericPlans"/>, which time travel's connections share):
/// generic plans without JIT, no reset of a pooled connection, and still no transaction carried over from one use to the next.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ProjectorConnectionsTests(LedgerFixture fixture)
{
    [Fact]
    public async Task The_projectors_statements_run_on_generic_plans_unless_the_connection_string_sets_its_own_options()
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("projector_plans");

        await using var projector = DataSources.Create(readModel, DataSources.GenericPlans);
        Assert.Equal("force_generic_plan", await Sql.ScalarAsync<string>(projector, "SHOW plan_cache_mode"));
        // A generic plan is costed for an average key: on a large table it would cross jit_above_cost at every execution.
        Assert.Equal("off", await Sql.ScalarAsync<string>(projector, "SHOW jit"));

        await using var given = DataSources.Create(
            new NpgsqlConnectionStringBuilder(readModel) { Options = "-c plan_cache_mode=force_custom_plan" }.ConnectionString, DataSources.GenericPlans);
        Assert.Equal("force_custom_plan", await Sql.ScalarAsync<string>(given, "SHOW plan_cache_mode"));

        await using var others = DataSources.Create(readModel);
        Assert.Equal("auto", await Sql.ScalarAsync<string>(others, "SHOW plan_cache_mode"));
    }

    [Fact]
    public async Task A_pooled_connection_is_not_reset_but_a_transaction_left_open_is_rolled_back()
    {
        var readModel = await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync("projector_reset");
        await using var dataSource = DataSources.Create(new NpgsqlConnectionStringBuilder(readModel) { MaxPoolSize = 1 }.ConnectionString);
        await Sql.ExecuteAsync(dataSource, "CREATE TABLE probe (n int)");

        await using (var first = await dataSource.OpenConnectionAsync())
        {
            // Session state, which Npgsql's reset would clear: still there at the next use, so no reset ran.
            await Sql.ExecuteAsync(first, "SET application_name = 'not reset'");
            _ = await first.BeginTransactionAsync();
            await Sql.ExecuteAsync(first, "INSERT INTO probe VALUES (1)");
            // Neither committed nor rolled back: the connection goes back to the pool with its transaction open.
        }

        await using var next = await dataSource.OpenConnectionAsync();
        Assert.Equal("not reset", await Sql.ScalarAsync<string>(next, "SHOW application_name"));
        // Still inside that transaction, the insert would show.
        Assert.Equal(0L, await Sql.ScalarAsync<long>(next, "SELECT count(*) FROM probe"));
    }
}
