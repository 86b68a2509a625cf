using Chronicle.Domain.Money;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Queries;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Chronicle.Tests.Dashboard;

/// <summary>
/// The money total is a sum no bigint holds once enough accounts are rich, and a query that fails on its
/// data is a fault of that query, not the read model going away: neither may send every read to the fallback.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class StatsOverflowTests(LedgerFixture fixture)
{
    private const int RichAccounts = 100;

    [Fact]
    public async Task Stats_sum_a_hundred_accounts_at_the_maximum_balance_and_reads_stay_on_the_read_model()
    {
        await using var node = await StartAsync("stats_overflow");
        // Straight into the read model: 10,000 deposits through the ledger would make the same rows slower.
        // Their sum, 10^19 minor units, is past a bigint's 9.2 × 10^18.
        await JournalSql.ExecuteAsync(node.ReadModel!,
            $"INSERT INTO account_balance SELECT 'rich-' || i, 'Rich', 'USD', {MoneyLimits.MaxBalanceMinorUnits}, 'active', 1, 1, now(), now() " +
            $"FROM generate_series(1, {RichAccounts}) i");

        var stats = await (await node.Auditor.GetAsync("/stats")).BodyAsync();
        Assert.Equal("ok", stats.Str("read_model"));
        var usd = Assert.Single(stats.Items("money"));
        Assert.Equal(("USD", "100000000000000000.00", (long)RichAccounts), (usd.Str("currency"), usd.Str("total"), usd.Int("accounts")));

        var account = await node.Auditor.GetAsync("/accounts/rich-1");
        Assert.Equal(ReadSource.ReadModel, account.Header(ReadSource.Header));
        Assert.True(node.Services.GetRequiredService<ReadModelMonitor>().Reachable);
    }

    [Fact]
    public async Task A_query_that_fails_on_its_data_fails_alone_and_leaves_the_read_model_reachable()
    {
        await using var node = await StartAsync("stats_data_error");
        var gate = node.Services.GetRequiredService<ReadModelGate>();

        var failure = await Assert.ThrowsAsync<PostgresException>(() => gate.TryQueryAsync<object>(async source =>
        {
            await using var command = source.CreateCommand("SELECT 1 / 0");
            return (await command.ExecuteScalarAsync())!;
        }));
        Assert.Equal(PostgresErrorCodes.DivisionByZero, failure.SqlState);
        Assert.True(node.Services.GetRequiredService<ReadModelMonitor>().Reachable);
    }

    /// <summary>A node with a read model and no feed: nothing projects, so the rows the test writes stay as written.</summary>
    private async Task<TestNode> StartAsync(string purpose) =>
        await TestNode.StartAsync(await fixture.Postgres.CreateDatabaseAsync(purpose),
            readModel: await (await fixture.ReadModelPostgresAsync()).CreateDatabaseAsync(purpose + "_read"));
}
