using System.Text.Json.Serialization.Metadata;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Operations;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>
/// The read model as the query routes see it: whether this node has one, whether it answers (and
/// is whole: not being rebuilt), and the two ways of using it. Point reads (an account, a transfer)
/// fall back to the entity itself; everything else only the read model can answer, so it is 503
/// while the read model is away or being rebuilt.
/// </summary>
internal sealed class ReadModelGate(NpgsqlDataSource? source, ReadModelMonitor? monitor, ReadModelRebuildState rebuild)
{
    /// <summary>What <see cref="TryQueryAsync{T}"/> says on a node without a read model.</summary>
    public const string NoReadModel = "none";

    /// <summary>"ok" or "unreachable" for /readyz; null on a node without a read model.</summary>
    public string? Health => monitor?.Health;

    /// <summary>
    /// Answers from the read model when it has the entity, otherwise from the entity itself
    /// (<paramref name="fromEntity"/>), marking in the headers who answered and why. Never a 404 the
    /// entity would not give: a miss (an entity the projector has not reached yet) asks the entity.
    /// </summary>
    public async Task<IResult> ReadAsync<T>(HttpContext http, bool strong, string entitySource,
        Func<NpgsqlDataSource, Task<T?>> query, JsonTypeInfo<T> json, Func<Task<IResult>> fromEntity)
        where T : class
    {
        var headers = http.Response.Headers;
        if (!strong && source is not null)
        {
            var rebuilding = rebuild.Rebuilding;
            var fallback = rebuilding ? ReadSource.Rebuilding : ReadSource.Unavailable;
            if (monitor!.Reachable && !rebuilding)
            {
                var (answered, found) = await QueryAsync(query);
                if (found is not null)
                {
                    headers[ReadSource.Header] = ReadSource.ReadModel;
                    return Results.Json(found, json);
                }
                if (answered) fallback = ReadSource.Miss;
            }
            headers[ReadSource.FallbackHeader] = fallback;
        }

        headers[ReadSource.Header] = entitySource;
        return await fromEntity();
    }

    /// <summary>
    /// For the routes only the read model can answer: <paramref name="answer"/>'s result, or 503 with
    /// Retry-After when this node has no read model, when it is away or being rebuilt, or when the query finds it gone.
    /// </summary>
    public async Task<IResult> AnswerAsync(HttpContext http, Func<NpgsqlDataSource, Task<IResult>> answer)
    {
        if (source is null) return Problems.Unavailable($"this node has no read model ({NodeSettings.EnvironmentNameOf(NodeSettings.ReadModelKey)} is not set)");
        if (!monitor!.Reachable) return Unreachable();
        // Emptied and filling again: a page now would be missing rows it will have again.
        if (rebuild.Rebuilding) return Problems.Unavailable("the read model is being rebuilt; retry later");
        var (answered, result) = await QueryAsync(answer);
        if (!answered) return Unreachable();
        http.Response.Headers[ReadSource.Header] = ReadSource.ReadModel;
        return result!;
    }

    /// <summary>
    /// For answers of which the read model gives only a part: the query's result with "ok", or no result
    /// and why not: "none" (no read model on this node), "unreachable", "rebuilding" (it would be partial).
    /// </summary>
    public async Task<(string State, T? Result)> TryQueryAsync<T>(Func<NpgsqlDataSource, Task<T>> query) where T : class?
    {
        if (source is null) return (NoReadModel, null);
        if (rebuild.Rebuilding) return ("rebuilding", null);
        if (!monitor!.Reachable) return ("unreachable", null);
        var (answered, result) = await QueryAsync(query);
        return answered ? ("ok", result) : ("unreachable", null);
    }

    /// <summary>
    /// The query's result, or not answered when the read model turns out to be away: the monitor is told
    /// at once, so the next request does not try. Called once the guards have found a read model. A query
    /// that fails on its data (<see cref="DatabaseMonitor.IsOutage"/> says which) throws: a 500 for this
    /// request alone, logged, while every other read goes on using the read model.
    /// </summary>
    private async Task<(bool Answered, T? Result)> QueryAsync<T>(Func<NpgsqlDataSource, Task<T>> query)
    {
        try
        {
            return (true, await query(source!));
        }
        catch (Exception e) when (DatabaseMonitor.IsOutage(e))
        {
            monitor!.ReportFailure(e);
            return (false, default);
        }
    }

    private static IResult Unreachable() => Problems.Unavailable("the read model is unreachable; retry later");
}
