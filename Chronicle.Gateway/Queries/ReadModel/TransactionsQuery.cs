using Chronicle.Domain.Money;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>
/// A page of one account's money movements, newest first, below a version cursor, with the account's
/// transaction count; both statements go in one round trip. Null when the read model has no such account.
/// </summary>
public static class TransactionsQuery
{
    private const string CountSql = "SELECT transaction_count FROM account_balance WHERE account_id = $1";

    // Served by the primary key (account_id, version), walked backwards.
    private const string PageSql =
        "SELECT version, transaction_id, type, amount_minor_units, balance_after_minor_units, currency, description, transfer_id, occurred_at " +
        "FROM transactions WHERE account_id = $1 AND version < $2 ORDER BY version DESC LIMIT $3";

    public static Task<TransactionsResponse?> PageAsync(
        NpgsqlDataSource source, string accountId, long before, int limit, CancellationToken cancellationToken) =>
        Sql.AccountPageAsync(source, CountSql, PageSql, accountId, before, limit, async reader =>
        {
            var total = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            var rows = new List<TransactionItem>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var currency = Currency.Find(reader.GetString(5));
                rows.Add(new TransactionItem(
                    reader.GetGuid(1),
                    reader.GetString(2),
                    currency.Format(reader.GetInt64(3)),
                    currency.Format(reader.GetInt64(4)),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetFieldValue<DateTimeOffset>(8),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetInt64(0)));
            }
            return new TransactionsResponse(accountId, rows, total);
        }, cancellationToken);
}
