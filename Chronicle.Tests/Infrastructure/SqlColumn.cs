using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Reads one bigint column of a query, in the query's order.</summary>
public static class SqlColumn
{
    public static async Task<IReadOnlyList<long>> LongsAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync()) values.Add(reader.GetInt64(0));
        return values;
    }
}
