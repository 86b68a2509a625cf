using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Queries;

/// <summary>A page of accounts in id order; <c>next</c>, when there are more, is the <c>after</c> of the next page.</summary>
internal sealed record AccountsResponse(IReadOnlyList<AccountResponse> Accounts, string? Next);

/// <summary>
/// GET /accounts?prefix=&amp;metadata[KEY]=VALUE&amp;limit=&amp;after=: the accounts whose id starts with a prefix and that
/// carry every label asked for, in id order, paged; from the read model only (503 while it is away). The dashboard's search
/// by id, and a client's search by its own labels.
/// </summary>
internal static class AccountListEndpoint
{
    public const string Route = "/accounts";
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void MapAccountList(this IEndpointRouteBuilder app) =>
        app.MapGet(Route, async (HttpContext http, ReadModelGate readModel) =>
        {
            var query = new QueryFields(http.Request.Query);
            var prefix = query.AccountId("prefix") ?? "";
            var filter = query.MetadataFilter(http.Request.QueryString);
            var limit = query.Limit(DefaultLimit, MaxLimit);
            var after = query.AccountId("after") ?? "";
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                Results.Json(await AccountListQuery.PageAsync(source, prefix, filter, after, limit, http.RequestAborted), ApiJsonContext.Api.AccountsResponse));
        }).RequireAuthorization(ApiPolicies.AccountReads).WithTags(ApiTags.Queries).Produces<AccountsResponse>()
            .WithSummary("Accounts in id order, paged: those whose id starts with a prefix and that carry the labels asked for; from the read model.")
            .WithQuery(QueryParameter.AccountId("prefix", "What the ids start with; any when absent."),
                QueryParameter.Metadata("Only the accounts with all these labels."),
                QueryParameter.Limit(DefaultLimit, MaxLimit),
                QueryParameter.AccountId("after", "The next page: the accounts after this id (the next of the page before)."))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.Unavailable).WithReadSource(fallback: false);
}
