using System.Data;
using Chronicle.Actors.Money;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>One account's row: the hot read (GET /accounts/{id}), one indexed lookup in one round trip.</summary>
public static class AccountQuery
{
    private const string ByIdSql =
        "SELECT owner_name, currency, balance_minor_units, status, version, created_at, last_updated FROM account_balance WHERE account_id = $1";

    public static async Task<AccountResponse?> FindAsync(NpgsqlDataSource source, string accountId, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(ByIdSql);
        command.Parameters.Add(Sql.Param(accountId));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;

        var currency = reader.GetString(1);
        return new AccountResponse(
            accountId,
            reader.GetString(0),
            Currency.Find(currency).Format(reader.GetInt64(2)),
            currency,
            reader.GetString(3),
            reader.GetInt64(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(6));
    }
}
