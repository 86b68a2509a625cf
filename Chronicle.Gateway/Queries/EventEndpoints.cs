using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Queries;

/// <summary>GET /events: the audit log, newest first, paged by journal sequence; read model only (503 while it is away).</summary>
internal static class EventEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", async (HttpContext http, ReadModelGate readModel) =>
        {
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultLimit, MaxLimit);
            var after = query.Cursor("after") ?? 0;
            var before = query.Cursor("before") ?? long.MaxValue;
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                Results.Json(await EventsQuery.LogAsync(source, after, before, limit, http.RequestAborted), ApiJsonContext.Api.EventsResponse));
        }).RequireAuthorization(ApiPolicies.Audit).WithTags(ApiTags.Queries).Produces<EventsResponse>()
            .WithSummary("The audit log: every event, newest first, paged by journal sequence; from the read model.")
            .WithQuery(QueryParameter.Limit(DefaultLimit, MaxLimit),
                QueryParameter.Cursor("after", "Only events after this journal sequence."),
                QueryParameter.Cursor("before", "Only events before this journal sequence: the next (older) page starts at the last one's."))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.Unavailable).WithReadSource(fallback: false);
    }
}
