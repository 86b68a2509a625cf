using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Http;

/// <summary>The common front of every write: the Idempotency-Key header, then a strictly parsed JSON body.</summary>
internal static class CommandRequest
{
    /// <summary>
    /// Reads the request into a command with <paramref name="parse"/> (given the body's fields to bind and the key,
    /// scoped to the caller: <see cref="IdempotencyScope"/>). Returns the command, or the problem to answer
    /// with; parse may also return a problem of its own.
    /// </summary>
    public static async Task<(T? Command, IResult? Problem)> ReadAsync<T>(HttpRequest request, Func<RequestFields, string?, T?> parse)
        where T : class
    {
        var (key, keyProblem) = IdempotencyKeyHeader.Read(request);
        if (keyProblem is not null) return (null, keyProblem);
        var scoped = key is null ? null : IdempotencyScope.Apply(request.HttpContext.User, key);

        return await JsonBody.ReadFieldsAsync(request, fields => parse(fields, scoped));
    }
}
