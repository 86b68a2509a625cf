using System.Data;
using Chronicle.Domain.Money;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>One account's row: the hot read (GET /accounts/{id}), one indexed lookup in one round trip.</summary>
internal static class AccountQuery
{
    /// <summary>An account row's columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns =
        "owner_name, currency, balance_minor_units, available_balance_minor_units, status, version, created_at, last_updated, pending_incoming_minor_units, " +
        "overdraft_limit_minor_units, metadata::text";

    /// <summary>Where the account id goes when a query selects it after <see cref="Columns"/>.</summary>
    public const int NextOrdinal = 11;

    private const string ByIdSql = $"SELECT {Columns} FROM account_balance WHERE account_id = $1";

    public static async Task<AccountResponse?> FindAsync(NpgsqlDataSource source, string accountId, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(ByIdSql);
        command.Parameters.Add(Sql.Param(accountId));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(accountId, reader) : null;
    }

    /// <summary>The account on the reader's current row, which starts with <see cref="Columns"/>.</summary>
    public static AccountResponse Read(string accountId, NpgsqlDataReader reader)
    {
        var currency = Currency.Find(reader.GetString(1));
        return new AccountResponse(
            accountId,
            reader.GetString(0),
            currency.Format(reader.GetInt64(2)),
            currency.Format(reader.GetInt64(3)),
            currency.Format(reader.GetInt64(9)),
            currency.Code,
            reader.GetString(4),
            reader.GetInt64(5),
            MetadataAnswer.Read(reader, 10),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            currency.Format(reader.GetInt64(8)));
    }
}
