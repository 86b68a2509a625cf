using Chronicle.Contracts.Admin;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Projector.Webhooks;
using Npgsql;

namespace Chronicle.Gateway.Admin.Webhooks;

/// <summary>
/// The operators' webhook routes (docs/WEBHOOKS.md): POST /admin/webhooks registers an endpoint, GET lists them
/// (secrets only hinted at), DELETE /admin/webhooks/{id} removes one with its log, GET /admin/webhooks/{id}/deliveries
/// shows its latest attempts, POST /admin/webhooks/{id}/pause and /resume stop and restart its deliveries,
/// POST /admin/webhooks/{id}/dead-letters/replay sends its dead letters again. On the admin group: the operator's.
/// </summary>
internal static class WebhookEndpoints
{
    public const string Route = "/webhooks";

    private const int DefaultDeliveries = 100;

    /// <summary>Dead letters one replay sends by default, and at most: each waits for its answer (up to the request timeout).</summary>
    private const int DefaultReplayed = 100, MaxReplayed = 1_000;

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapPost(Route, async (HttpContext http, WebhookAdmin webhooks) =>
        {
            var (registration, problem) = await JsonBody.ReadFieldsAsync(http.Request, fields => fields.Bind(RequestJson.Default.WebhookRegistration));
            if (registration is null) return problem!;
            if (await WebhookUrl.ProblemAsync(registration.Url, webhooks.Options.AllowPrivateAddresses, http.RequestAborted) is { } urlProblem)
                return Problems.Validation($"url {urlProblem}", new Dictionary<string, string> { ["url"] = urlProblem });
            if (await webhooks.StreamEndAsync(http.RequestAborted) is not { } start)
                return Problems.Unavailable("the event feed's NATS server does not answer; a new endpoint starts at the feed's end, which it cannot tell");

            var id = WebhookEndpoint.NewId();
            var secret = registration.Secret ?? WebhookSecret.Generate();
            return await ReadModelAsync(async () =>
            {
                if (await webhooks.Store.CreateAsync(id, registration.Url, registration.EventTypes, secret, start, webhooks.Options.MaxEndpoints,
                        http.RequestAborted) is not { } createdAt)
                    return Problems.Validation(
                        $"there are {webhooks.Options.MaxEndpoints} webhook endpoints already, the most allowed (Chronicle:Webhooks:MaxEndpoints); delete one first");
                webhooks.Changed();
                return Results.Json(new WebhookCreatedResponse(id, registration.Url, registration.EventTypes, secret, createdAt),
                    ApiJsonContext.Api.WebhookCreatedResponse, statusCode: StatusCodes.Status201Created);
            });
        }).WithJsonBody(typeof(WebhookRegistration)).Produces<WebhookCreatedResponse>(StatusCodes.Status201Created)
            .WithSummary("Registers an endpoint for chosen account event types; its secret is shown once, here.")
            .WithProblems(ProblemTypes.Unavailable);

        admin.MapGet(Route, (HttpContext http, WebhookAdmin webhooks) => ReadModelAsync(async () =>
        {
            var rows = await webhooks.Store.ListAsync(http.RequestAborted);
            return Results.Json(new WebhooksResponse(rows.Select(row => new WebhookResponse(row.Id, row.Url, row.EventTypes,
                WebhookSecret.Shown(row.Secret), row.CreatedAt, row.DeadLetters, row.Paused)).ToList()), ApiJsonContext.Api.WebhooksResponse);
        })).Produces<WebhooksResponse>().WithSummary("The webhook endpoints, their secrets only hinted at.").WithProblems(ProblemTypes.Unavailable);

        admin.MapDelete(Route + "/{id}", (string id, HttpContext http, WebhookAdmin webhooks) => ReadModelAsync(async () =>
        {
            if (!WebhookEndpoint.IsId(id) || !await webhooks.Store.DeleteAsync(id, http.RequestAborted)) return NotFound(id);
            webhooks.Changed();
            return Results.NoContent();
        })).Produces(StatusCodes.Status204NoContent).WithSummary("Removes an endpoint with its delivery log.")
            .WithProblems(ProblemTypes.WebhookNotFound, ProblemTypes.Unavailable);

        admin.MapGet(Route + "/{id}/deliveries", (string id, HttpContext http, WebhookAdmin webhooks) =>
        {
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultDeliveries, WebhookLane.AttemptsKept);
            if (query.Problem() is { } problem) return Task.FromResult(problem);
            return ReadModelAsync(async () =>
            {
                if (!WebhookEndpoint.IsId(id) || await webhooks.Store.AttemptsAsync(id, limit, http.RequestAborted) is not { } attempts) return NotFound(id);
                return Results.Json(new WebhookDeliveriesResponse(id, attempts.Select(a => new WebhookDeliveryResponse(a.WebhookId, a.EventType, a.AccountId,
                    a.Version, a.Attempt, a.Outcome, a.StatusCode, a.DurationMs, a.Error, a.AttemptedAt)).ToList()), ApiJsonContext.Api.WebhookDeliveriesResponse);
            });
        }).Produces<WebhookDeliveriesResponse>().WithSummary("An endpoint's latest delivery attempts, newest first.")
            .WithQuery(QueryParameter.Limit(DefaultDeliveries, WebhookLane.AttemptsKept))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.WebhookNotFound, ProblemTypes.Unavailable);

        MapPause(admin, "pause", paused: true, "Stops an endpoint's deliveries; its events wait on the stream, where its lane resumes.");
        MapPause(admin, "resume", paused: false, "Resumes a paused endpoint's deliveries from where they stopped.");

        admin.MapPost(Route + "/{id}/dead-letters/replay", (string id, HttpContext http, WebhookAdmin webhooks) =>
        {
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultReplayed, MaxReplayed);
            if (query.Problem() is { } problem) return Task.FromResult(problem);
            return ReadModelAsync(async () =>
            {
                if (!WebhookEndpoint.IsId(id) ||
                    await DeadLetterReplay.RunAsync(webhooks.Store, webhooks.Sender, id, limit, http.RequestAborted) is not { } replayed) return NotFound(id);
                return Results.Json(new WebhookReplayResponse(id, replayed.Delivered, replayed.Failed, replayed.Remaining),
                    ApiJsonContext.Api.WebhookReplayResponse);
            });
        }).Produces<WebhookReplayResponse>()
            .WithSummary("Sends an endpoint's oldest dead letters again, once each, with their webhook-ids, stopping at the first that fails; those delivered leave the dead letters.")
            .WithQuery(QueryParameter.Limit(DefaultReplayed, MaxReplayed))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.WebhookNotFound, ProblemTypes.Unavailable);
    }

    /// <summary>POST /admin/webhooks/{id}/pause or /resume: 204 (also when it was so already); the dispatcher stops or starts the lane.</summary>
    private static void MapPause(IEndpointRouteBuilder admin, string action, bool paused, string summary) =>
        admin.MapPost($"{Route}/{{id}}/{action}", (string id, HttpContext http, WebhookAdmin webhooks) => ReadModelAsync(async () =>
        {
            if (!WebhookEndpoint.IsId(id) || !await webhooks.Store.SetPausedAsync(id, paused, http.RequestAborted)) return NotFound(id);
            webhooks.Changed();
            return Results.NoContent();
        })).Produces(StatusCodes.Status204NoContent).WithSummary(summary).WithProblems(ProblemTypes.WebhookNotFound, ProblemTypes.Unavailable);

    private static IResult NotFound(string id) =>
        Problems.Result(Problems.Of(ProblemTypes.WebhookNotFound, $"no webhook endpoint '{id}' (GET {AdminEndpoints.Prefix}{Route} lists them)"));

    /// <summary>The webhooks live in the read model's database: while it is away, 503 rather than a 500.</summary>
    private static async Task<IResult> ReadModelAsync(Func<Task<IResult>> answer)
    {
        try
        {
            return await answer();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return Problems.Unavailable($"the read model's database, where webhooks are kept, does not answer: {e.Message}");
        }
    }
}
