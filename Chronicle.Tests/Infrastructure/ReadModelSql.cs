using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>One account_balance row, as the tests compare it.</summary>
public sealed record ReadModelAccount(string AccountId, long BalanceMinorUnits, string Status, long Version, long TransactionCount);

/// <summary>Direct looks at the read model's tables.</summary>
public static class ReadModelSql
{
    public static async Task<IReadOnlyDictionary<string, ReadModelAccount>> AccountsAsync(string readModel)
    {
        var rows = new Dictionary<string, ReadModelAccount>();
        await using var connection = new NpgsqlConnection(readModel);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT account_id, balance_minor_units, status, version, transaction_count FROM account_balance", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows[reader.GetString(0)] = new ReadModelAccount(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4));
        return rows;
    }

    /// <summary>Tampering for verify and rebuild tests: an account row no event ever made.</summary>
    public static Task InsertAccountNoEventMadeAsync(string readModel, string accountId) =>
        JournalSql.ExecuteAsync(readModel, $"INSERT INTO account_balance VALUES ('{accountId}', 'x', 'USD', 5, 'active', 1, 0, now(), now())");

    /// <summary>The audit log's journal positions, ascending (the node migrated the read model at start).</summary>
    public static Task<IReadOnlyList<long>> AuditSequencesAsync(string readModel) =>
        SqlColumn.LongsAsync(readModel, "SELECT sequence FROM events ORDER BY sequence");

    /// <summary>Makes the read model refuse any row of <paramref name="account"/>'s balance (a trigger named <c>refuse</c>): how a test makes a transaction fail.</summary>
    public static Task RefuseRowsOfAsync(string readModel, string account) => SqlColumn.StringsAsync(readModel, $"""
        CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
        CREATE TRIGGER refuse BEFORE INSERT ON account_balance FOR EACH ROW WHEN (NEW.account_id = '{account}') EXECUTE FUNCTION refuse();
        SELECT 'ok'
        """);

    public static async Task<long> ScalarAsync(string readModel, string sql)
    {
        await using var connection = new NpgsqlConnection(readModel);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
