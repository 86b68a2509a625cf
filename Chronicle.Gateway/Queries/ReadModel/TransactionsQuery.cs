using Chronicle.Contracts.Serialization;
using Chronicle.Domain;
using Chronicle.Domain.Money;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>
/// A page of one account's money movements, newest first, below a version cursor, with the account's
/// transaction count; both statements go in one round trip. Null when the read model has no such account.
/// With labels to match (<c>metadata[KEY]=VALUE</c>), only the movements that carry them all, and their count.
/// </summary>
internal static class TransactionsQuery
{
    private const string CountSql = "SELECT transaction_count FROM account_balance WHERE account_id = $1";

    // The account's own row says it exists; the matches are counted over its movements alone.
    private const string MatchingCountSql =
        "SELECT (SELECT count(*) FROM transactions WHERE account_id = $1 AND metadata @> $2) FROM account_balance WHERE account_id = $1";

    private const string Columns =
        "version, transaction_id, type, amount_minor_units, balance_after_minor_units, currency, description, transfer_id, occurred_at, metadata::text";

    // Served by the primary key (account_id, version), walked backwards; filtered, by it or by transactions_metadata_idx.
    private const string PageSql = $"SELECT {Columns} FROM transactions WHERE account_id = $1 AND version < $2 ORDER BY version DESC LIMIT $3";

    private const string MatchingPageSql =
        $"SELECT {Columns} FROM transactions WHERE account_id = $1 AND version < $2 AND metadata @> $4 ORDER BY version DESC LIMIT $3";

    public static Task<TransactionsResponse?> PageAsync(
        NpgsqlDataSource source, string accountId, long before, int limit, ClientMetadata? filter, CancellationToken cancellationToken) =>
        Sql.AccountPageAsync(source, filter is null ? CountSql : MatchingCountSql, filter is null ? PageSql : MatchingPageSql, accountId, before, limit,
            async reader =>
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
                        reader.GetInt64(0),
                        MetadataAnswer.Read(reader, 9)));
                }
                return new TransactionsResponse(accountId, rows, total);
            }, cancellationToken, filter is null ? null : MetadataJson.ToJson(filter));
}
