using System.ComponentModel;
using System.Globalization;
using Akka.Actor;
using Chronicle.Actors.Hosting;
using Chronicle.Contracts.Admin;
using Chronicle.Gateway.Admin.Cluster;
using Chronicle.Gateway.Admin.Webhooks;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Security;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Chronicle.Gateway.Admin;

/// <summary>
/// The operators' routes over the read side (what <c>chronicle verify | rebuild | projector status</c> call):
/// GET /admin/projector, POST /admin/verify, POST /admin/rebuild, POST /admin/dead-letters/replay. 503 on a node that runs no projector.
/// The cluster's (membership, sharding) are in Admin/Cluster, the webhooks' (kept in the read model's database) in
/// Admin/Webhooks, the hash chains' (the journal's) in <see cref="ChainAdmin"/>, on the same group.
/// </summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/admin";
    public const string ProjectorRoute = Prefix + "/projector";

    /// <summary>A wrecked read model can differ in every row: the answer lists this many and counts the rest.</summary>
    public const int MaxDifferencesListed = 1000;

    private const int DefaultSettleSeconds = 5;
    private const int MaxSettleSeconds = 600;

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        // The one door to every operator route: the operator role, checked here, covers every route
        // below at once. No request timeout: verify takes as long as the journal is long.
        var admin = app.MapGroup(Prefix).RequireAuthorization(ApiPolicies.Admin).WithTags(ApiTags.Admin);
        admin.DisableRequestTimeout();
        admin.MapClusterEndpoints();
        admin.MapShardingEndpoints();
        admin.MapChainAdmin();

        if (app.ServiceProvider.GetService<ProjectorClient>() is null)
        {
            // Not a route of the API: the answer of the routes this node lacks.
            admin.Map("{**route}", () => Problems.Unavailable($"this node runs no projector (it needs {NodeSettings.EnvironmentNameOf(NodeSettings.ReadModelKey)} and {NodeSettings.EnvironmentNameOf(LedgerOptions.NatsKey)})"))
                .ExcludeFromDescription();
            return;
        }

        admin.MapWebhookEndpoints();

        admin.MapGet("/projector", async (ProjectorClient projector, ReadModelRebuildState rebuild, HttpContext http) =>
        {
            var cancellation = http.RequestAborted;
            var status = projector.StatusAsync(cancellation);
            var checkpoints = projector.CheckpointsAsync(cancellation);
            var streamMessages = projector.StreamMessagesAsync(cancellation);
            try
            {
                await Task.WhenAll(status, checkpoints, streamMessages);
                return Results.Json(ProjectorReport.Build(status.Result, checkpoints.Result, streamMessages.Result, rebuild.Since, DateTimeOffset.UtcNow),
                    ApiJsonContext.Api.ProjectorReportResponse);
            }
            catch (AskTimeoutException)
            {
                return Problems.Unavailable("the projector did not answer in time");
            }
        }).Produces<ProjectorReportResponse>().WithSummary("The projector: each partition's position, lag and state, and a rebuild under way.")
            .WithProblems(ProblemTypes.Unavailable);

        admin.MapPost("/verify", async (
            [FromQuery(Name = "settle_seconds"), Description("Whole seconds to let the projector catch up before comparing; a few when absent, a 400 past the most allowed.")] string? settleSeconds, ProjectorClient projector,
            ReadModelRebuildState rebuild, HttpContext http) =>
        {
            if (!TryParseSettle(settleSeconds, out var settle))
                return Problems.Validation($"settle_seconds must be a whole number of seconds from 0 to {MaxSettleSeconds}");
            // Half a read model differs everywhere: nothing worth reporting until the rebuild is done.
            if (rebuild.Rebuilding) return RebuildInProgress("verify once GET /admin/projector shows the rebuild done");
            try
            {
                var report = await projector.VerifyAsync(settle, http.RequestAborted);
                return Results.Json(new VerifyResponse(report.Clean, report.EntitiesChecked, report.EventsFolded, report.Differences.Count,
                    report.Differences.Take(MaxDifferencesListed)
                        .Select(d => new DifferenceResponse(d.EntityType, d.EntityId, d.Field, d.ReadModel, d.Journal)).ToList(),
                    report.Held.Select(h => new HeldEntityResponse(h.EntityType, h.EntityId, h.Partition, h.Events, h.Error)).ToList(),
                    report.Skipped.Count,
                    report.Skipped.Take(MaxDifferencesListed).Select(k => new SkippedEntityResponse(k.EntityType, k.EntityId, k.Version, k.EventType)).ToList()),
                    ApiJsonContext.Api.VerifyResponse);
            }
            catch (NpgsqlException e)
            {
                return Problems.Unavailable($"verify could not read the journal or the read model: {e.Message}");
            }
        }).Produces<VerifyResponse>().WithSummary("Compares the read model with the journal folded afresh, entity by entity.")
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.RebuildInProgress, ProblemTypes.Unavailable);

        admin.MapPost("/dead-letters/replay", async (
            [FromQuery(Name = "entity_type"), Description("The held entity's type (account, transfer); with entity_id, or neither for every held entity.")] string? entityType,
            [FromQuery(Name = "entity_id"), Description("The held entity's id; with entity_type.")] string? entityId,
            ProjectorClient projector, ReadModelRebuildState rebuild, HttpContext http) =>
        {
            if ((entityType is null) != (entityId is null))
                return Problems.Validation("entity_type and entity_id name one entity together; give both, or neither to replay every held entity");
            if (rebuild.Rebuilding) return RebuildInProgress("a rebuild meets every event again; replay what it quarantines once it is done");
            try
            {
                var replayed = await projector.ReplayDeadLettersAsync(entityType, entityId, http.RequestAborted);
                var entities = replayed.Entities
                    .Select(e => new ReplayedEntityResponse(e.EntityType, e.EntityId, e.Released, e.EventsApplied, e.Error)).ToList();
                return Results.Json(new DeadLetterReplayResponse(entities.Count(e => e.Released), entities.Count(e => !e.Released), entities),
                    ApiJsonContext.Api.DeadLetterReplayResponse);
            }
            catch (Exception e) when (e is AskTimeoutException or NpgsqlException or InvalidOperationException)
            {
                return Problems.Unavailable($"the replay did not finish: {e.Message}; what it released stays released, the rest is still held");
            }
        }).Produces<DeadLetterReplayResponse>().WithSummary("Applies again the events the projector quarantined, for one entity or all.")
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.RebuildInProgress, ProblemTypes.Unavailable);

        admin.MapPost("/rebuild", async (ProjectorClient projector, ReadModelRebuildState rebuild, HttpContext http) =>
        {
            if (!rebuild.TryBegin(DateTimeOffset.UtcNow)) return RebuildInProgress("wait for it: GET /admin/projector");
            try
            {
                // Not cancelled with the request: once asked for, the rebuild goes on whatever the client does.
                var started = await projector.RebuildAsync(CancellationToken.None);
                http.Response.Headers.Location = ProjectorRoute;
                return Results.Json(new RebuildAcceptedResponse("rebuilding", started.At), ApiJsonContext.Api.RebuildAcceptedResponse,
                    statusCode: StatusCodes.Status202Accepted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The group may have got as far as emptying the read model: the rebuild counts as under
                // way until the projector reports every partition caught up again.
                return Problems.Unavailable($"the projector did not confirm the rebuild ({e.Message}); it may be under way: see GET {ProjectorRoute}");
            }
            finally
            {
                rebuild.Confirm();
            }
        }).Produces<RebuildAcceptedResponse>(StatusCodes.Status202Accepted).WithSummary("Empties the read model and projects the whole feed again.")
            .WithProblems(ProblemTypes.RebuildInProgress, ProblemTypes.Unavailable).WithHeader(ResponseHeaders.Location, StatusCodes.Status202Accepted);
    }

    private static IResult RebuildInProgress(string what) =>
        Problems.Result(Problems.Of(ProblemTypes.RebuildInProgress, $"the read model is being rebuilt; {what}"));

    private static bool TryParseSettle(string? text, out TimeSpan settle)
    {
        var seconds = DefaultSettleSeconds;
        var valid = text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) && seconds <= MaxSettleSeconds);
        settle = TimeSpan.FromSeconds(seconds);
        return valid;
    }
}
