using Chronicle.Domain;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Queries;

/// <summary>
/// GET /accounts/{id}/transactions and /accounts/{id}/events: an account's history, paged, from the
/// read model only (503 while it is away). An account the read model does not hold yet but that
/// exists has no history to show yet: an empty page, not a 404 it would not get a moment later.
/// </summary>
internal static class AccountHistoryEndpoints
{
    public const int DefaultTransactions = 50;
    public const int MaxTransactions = 500;
    public const int DefaultEvents = 1000;
    public const int MaxEvents = 10_000;

    public static void MapAccountHistoryEndpoints(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/accounts").RequireAuthorization(ApiPolicies.AccountReads).WithTags(ApiTags.Queries);

        accounts.MapGet("/{accountId}/transactions", async (string accountId, HttpContext http, LedgerClient ledger, ReadModelGate readModel) =>
        {
            if (!EntityIds.IsValid(accountId)) return AccountEndpoints.InvalidAccountId();
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultTransactions, MaxTransactions);
            var before = query.Cursor("before") ?? long.MaxValue;
            var filter = query.MetadataFilter(http.Request.QueryString);
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                await TransactionsQuery.PageAsync(source, accountId, before, limit, filter, http.RequestAborted) is { } page
                    ? Results.Json(page, ApiJsonContext.Api.TransactionsResponse)
                    : await NotProjectedYetAsync(http, ledger, accountId,
                        () => Results.Json(new TransactionsResponse(accountId, [], 0), ApiJsonContext.Api.TransactionsResponse)));
        }).Produces<TransactionsResponse>().WithSummary("An account's money movements, newest first, paged; from the read model.")
            .WithQuery(QueryParameter.Limit(DefaultTransactions, MaxTransactions),
                QueryParameter.Cursor("before", "The next (older) page: the version of the last transaction of this one."),
                QueryParameter.Metadata("Only the movements with all these labels; total then counts those."))
            .WithProblems(AccountEndpoints.NotFoundOrInvalid).WithReadSource(fallback: true);

        accounts.MapGet("/{accountId}/events", async (string accountId, HttpContext http, LedgerClient ledger, ReadModelGate readModel) =>
        {
            if (!EntityIds.IsValid(accountId)) return AccountEndpoints.InvalidAccountId();
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultEvents, MaxEvents);
            var after = query.Cursor("after") ?? 0;
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                await EventsQuery.AccountHistoryAsync(source, accountId, after, limit, http.RequestAborted) is { } page
                    ? Results.Json(page, ApiJsonContext.Api.AccountEventsResponse)
                    : await NotProjectedYetAsync(http, ledger, accountId,
                        () => Results.Json(new AccountEventsResponse(accountId, []), ApiJsonContext.Api.AccountEventsResponse)));
        }).Produces<AccountEventsResponse>().WithSummary("An account's events, oldest first, paged; from the read model.")
            .WithQuery(QueryParameter.Limit(DefaultEvents, MaxEvents),
                QueryParameter.Cursor("after", "The next page: the version of the last event of this one."))
            .WithProblems(AccountEndpoints.NotFoundOrInvalid).WithReadSource(fallback: true);
    }

    /// <summary>The read model has no such account: the account itself says whether it exists (then: <paramref name="empty"/>).</summary>
    private static async Task<IResult> NotProjectedYetAsync(HttpContext http, LedgerClient ledger, string accountId, Func<IResult> empty)
    {
        var (state, problem) = await AccountEndpoints.AskAsync(ledger, accountId, http.RequestAborted);
        http.Response.Headers[ReadSource.FallbackHeader] = ReadSource.Miss;
        return state is null ? problem! : empty();
    }
}
