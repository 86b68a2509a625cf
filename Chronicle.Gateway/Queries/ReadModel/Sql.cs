using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>
/// Builds the query side's statements: fixed SQL text with typed positional parameters ($1, $2, ...),
/// which Npgsql sends as they are (no rewriting) and prepares automatically once they repeat.
/// </summary>
public static class Sql
{
    public static NpgsqlParameter<T> Param<T>(T value) => new() { TypedValue = value };

    /// <summary>A JSON text sent as jsonb (a containment filter: <c>metadata @> $n</c>).</summary>
    public static NpgsqlParameter<string> Jsonb(string json) => new() { TypedValue = json, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb };

    /// <summary>One statement of a batch; a batch's statements go to the server in one round trip.</summary>
    public static NpgsqlBatchCommand Statement(string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters) statement.Parameters.Add(parameter);
        return statement;
    }

    /// <summary>
    /// An account's row (<paramref name="accountSql"/>, $1 = id) and a page of its history
    /// (<paramref name="pageSql"/>, $1 = id, $2 = cursor, $3 = limit) in one round trip.
    /// <paramref name="read"/> gets the reader on the account's row, the page being the next result;
    /// null when the read model has no such account. A <paramref name="jsonbFilter"/> is the last parameter of both
    /// statements ($2 of the account's, $4 of the page's).
    /// </summary>
    public static async Task<T?> AccountPageAsync<T>(NpgsqlDataSource source, string accountSql, string pageSql,
        string accountId, long cursor, int limit, Func<NpgsqlDataReader, Task<T>> read, CancellationToken cancellationToken, string? jsonbFilter = null)
        where T : class
    {
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(jsonbFilter is null ? Statement(accountSql, Param(accountId)) : Statement(accountSql, Param(accountId), Jsonb(jsonbFilter)));
        batch.BatchCommands.Add(jsonbFilter is null
            ? Statement(pageSql, Param(accountId), Param(cursor), Param(limit))
            : Statement(pageSql, Param(accountId), Param(cursor), Param(limit), Jsonb(jsonbFilter)));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? await read(reader) : null;
    }
}
