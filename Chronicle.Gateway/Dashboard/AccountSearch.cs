using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Queries;
using Chronicle.Gateway.Queries.ReadModel;
using Npgsql;

namespace Chronicle.Gateway.Dashboard;

/// <summary>Accounts whose id starts with a prefix, in id order.</summary>
internal sealed record AccountSearchResponse(IReadOnlyList<AccountResponse> Accounts);

/// <summary>
/// GET /accounts?prefix=&amp;limit=: the dashboard's account search, from the read model only (503 while
/// it is away). Without a prefix: the first accounts in id order.
/// </summary>
internal static class AccountSearch
{
    public const string Route = "/accounts";
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    // An id range, so the primary key's index serves it: every id starting with the prefix sorts from the
    // prefix up to the prefix followed by '~', which sorts after every character an id may hold
    // ([A-Za-z0-9_-]) in the read model's C collation. starts_with keeps the answer exact under any other.
    private const string SearchSql =
        $"SELECT {AccountQuery.Columns}, account_id FROM account_balance " +
        "WHERE account_id >= $1 AND account_id < $2 AND starts_with(account_id, $1) ORDER BY account_id LIMIT $3";

    public static RouteHandlerBuilder MapAccountSearch(this IEndpointRouteBuilder routes) =>
        routes.MapGet(Route, async (HttpContext http, ReadModelGate readModel) =>
        {
            var query = new QueryFields(http.Request.Query);
            var prefix = query.AccountId("prefix") ?? "";
            var limit = query.Limit(DefaultLimit, MaxLimit);
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                Results.Json(await FindAsync(source, prefix, limit, http.RequestAborted), ApiJsonContext.Api.AccountSearchResponse));
        }).Produces<AccountSearchResponse>().WithSummary("Accounts whose id starts with a prefix, in id order; from the read model.")
            .WithQuery(QueryParameter.AccountId("prefix", "What the ids start with; every account when absent."), QueryParameter.Limit(DefaultLimit, MaxLimit))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.Unavailable);

    private static async Task<AccountSearchResponse> FindAsync(NpgsqlDataSource source, string prefix, int limit, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(SearchSql);
        command.Parameters.Add(Sql.Param(prefix));
        command.Parameters.Add(Sql.Param(prefix + "~"));
        command.Parameters.Add(Sql.Param(limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<AccountResponse>();
        while (await reader.ReadAsync(cancellationToken)) accounts.Add(AccountQuery.Read(reader.GetString(AccountQuery.NextOrdinal), reader));
        return new AccountSearchResponse(accounts);
    }
}
