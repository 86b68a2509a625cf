namespace Chronicle.Gateway.Http;

/// <summary>The common front of every write: the Idempotency-Key header, then a strictly parsed JSON body.</summary>
public static class CommandRequest
{
    /// <summary>
    /// Reads the request into a command with <paramref name="parse"/> (given the body's fields and the key).
    /// Returns the command, or the problem to answer with; parse may also return a problem of its own.
    /// </summary>
    public static async Task<(T? Command, IResult? Problem)> ReadAsync<T>(HttpRequest request, Func<JsonFields, string?, T> parse)
        where T : class
    {
        var (key, keyProblem) = IdempotencyKeyHeader.Read(request);
        if (keyProblem is not null) return (null, keyProblem);

        return await JsonBody.ReadFieldsAsync(request, fields => parse(fields, key));
    }
}
