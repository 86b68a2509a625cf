using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Direct looks at (and, for fault injection, edits of) the event store's journal table.</summary>
public static class JournalSql
{
    /// <summary>Rows in the journal, or of one persistence id: what "nothing was written" is checked against.</summary>
    public static async Task<long> RowsAsync(string eventStore, string? persistenceId = null)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            persistenceId is null ? "SELECT count(*) FROM journal" : "SELECT count(*) FROM journal WHERE persistence_id = @p", connection);
        if (persistenceId is not null) command.Parameters.AddWithValue("p", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows of the ledger's own entities (accounts, transfers), leaving out Akka's bookkeeping streams ("/sharding/...").</summary>
    public static async Task<long> LedgerRowsAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id NOT LIKE '/%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows of one stream with one event manifest: how "applied exactly once" is checked.</summary>
    public static async Task<long> CountAsync(string eventStore, string persistenceId, string manifest)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = @p AND manifest = @m", connection);
        command.Parameters.AddWithValue("p", persistenceId);
        command.Parameters.AddWithValue("m", manifest);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many account events recorded a balance after them, and how many of those balances were negative.</summary>
    public static async Task<(long Recorded, long Negative)> BalancesRecordedAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(b), count(*) FILTER (WHERE b < 0) FROM (SELECT (convert_from(message, 'UTF8')::json->>'balance_after_minor_units')::bigint AS b " +
            "FROM journal WHERE persistence_id LIKE 'account-%') recorded", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public static async Task ExecuteAsync(string eventStore, string sql)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
