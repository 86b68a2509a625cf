using Chronicle.Domain.Money;
using Npgsql;

namespace Chronicle.Gateway.Dashboard;

/// <summary>The money the ledger holds per currency, from the read model's account rows.</summary>
internal static class LedgerTotalsQuery
{
    // A scan of account_balance (one narrow row per account): fine for a dashboard polling every few
    // seconds up to a few million accounts; past that it wants a totals row kept by the projector.
    // SUM of bigints is a numeric, and stays one: a bigint holds only 92 balances at the ledger's maximum
    // (MoneyLimits.MaxBalanceMinorUnits), a decimal 790 billion of them.
    private const string TotalsSql =
        "SELECT currency, SUM(balance_minor_units), count(*) FROM account_balance GROUP BY currency ORDER BY currency";

    public static async Task<IReadOnlyList<CurrencyTotal>> MoneyAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(TotalsSql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var totals = new List<CurrencyTotal>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var currency = reader.GetString(0);
            totals.Add(new CurrencyTotal(currency, Currency.Find(currency).Format(reader.GetDecimal(1)), reader.GetInt64(2)));
        }
        return totals;
    }
}
