using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Security;
using Microsoft.AspNetCore.Authorization;

namespace Chronicle.Gateway.Commands.Batch;

/// <summary>
/// POST /commands/batch: up to <see cref="MaxCommands"/> writes of any kind in one request, each answered exactly as
/// its own route would answer it, in order, in one 200. The commands are independent: each is its own write, with
/// its own key, and one refused changes nothing for the others. What is wrong with the request as a whole (its body,
/// the list, the rate) is a problem for the whole request, and then nothing is done. docs/BATCH.md.
/// </summary>
internal static class BatchEndpoint
{
    /// <summary>The most commands one batch carries (the API contract's limit).</summary>
    public const int MaxCommands = 1_000;

    public const string Route = "/batch";

    /// <summary>
    /// The route admits what the writes' policy admits; each command is then checked against its own kind's policy
    /// (<see cref="BatchItem.Read"/>), which for every kind today is the same.
    /// </summary>
    public static void MapBatchEndpoint(this RouteGroupBuilder commands) =>
        commands.MapPost(Route, RunAsync).RequireAuthorization(ApiPolicies.Commands).WithMetadata(BodyLimit.LargeBody.Instance)
            .WithJsonBody(typeof(BatchRequest)).Produces<BatchResponse>()
            .WithSummary("Up to 1,000 writes in one request, each answered as its own route would answer it, in order.");

    private static async Task<IResult> RunAsync(HttpContext http, IAuthorizationService authorization, ILoggerFactory logs)
    {
        // A key for the batch would promise a replay of the whole batch, which is not kept: each command has its own.
        if (http.Request.Headers.ContainsKey(IdempotencyKeyHeader.Name))
            return Problems.Validation($"a batch takes no {IdempotencyKeyHeader.Name} header: give each command its own {BatchItem.KeyField}");

        var (document, bodyProblem) = await JsonBody.ReadAsync(http.Request);
        if (document is null) return bodyProblem!;

        BatchItem[] items;
        using (document)
        {
            var fields = new RequestFields(document.RootElement);
            var batch = fields.Bind(RequestJson.Default.BatchRequest);
            if (fields.Invalid() is { } invalid) return Problems.Result(invalid);
            var commands = batch!.Commands;
            // A batch counts as its commands against the caller's rate, taken before any runs: refused, none does.
            if (CallerRateLimit.TakeMore(http, commands.Count - 1) is { } limited) return Problems.Result(limited);

            var permitted = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var policy in CommandKinds.All.Select(kind => kind.Policy).Distinct())
                permitted[policy] = (await authorization.AuthorizeAsync(http.User, policy)).Succeeded;
            items = [.. commands.Select(command => BatchItem.Read(command, http.User, policy => permitted[policy]))];
        }

        var answers = BatchSchedule.Start(items, CommandContext.Of(http), logs.CreateLogger(typeof(BatchEndpoint).FullName!));
        var results = new BatchResult[answers.Length];
        for (var i = 0; i < answers.Length; i++) results[i] = BatchResponse.Result(await answers[i]);
        return Results.Json(new BatchResponse(results), ApiJsonContext.Api.BatchResponse);
    }
}
