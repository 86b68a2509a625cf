using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Reads the first column of a query, in the query's order.</summary>
public static class SqlColumn
{
    public static Task<IReadOnlyList<long>> LongsAsync(string database, string sql) => ValuesAsync<long>(database, sql);

    public static Task<IReadOnlyList<string>> StringsAsync(string database, string sql) => ValuesAsync<string>(database, sql);

    private static async Task<IReadOnlyList<T>> ValuesAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }
}
