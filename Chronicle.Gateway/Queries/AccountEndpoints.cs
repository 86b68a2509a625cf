using System.ComponentModel;
using Chronicle.Contracts.Accounts;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Queries;

/// <summary>
/// An account. <c>balance</c> is the money it holds (below zero when it uses its overdraft); <c>available_balance</c> what
/// it may spend: the balance less its open holds, plus its <c>overdraft_limit</c>; <c>pending_incoming</c> what other
/// accounts' holds towards it may still bring (not on the balance yet).
/// </summary>
internal sealed record AccountResponse(
    string AccountId,
    string OwnerName,
    string Balance,
    string AvailableBalance,
    string OverdraftLimit,
    string Currency,
    string Status,
    long Version,
    [property: Description(MetadataAnswer.Description)] IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated,
    string PendingIncoming);

/// <summary>
/// GET /accounts/{id}: from the read model (one indexed lookup), or from the account itself for
/// <c>?consistency=strong</c>, on a node without a read model, while the read model is away, and for
/// an account the read model does not hold (yet). X-Read-Source / X-Read-Fallback say which and why.
/// </summary>
internal static class AccountEndpoints
{
    public static readonly IReadOnlyList<string> Consistencies = ["eventual", "strong"];

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapAccountList();

        app.MapGet("/accounts/{accountId}", (string accountId, HttpContext http, LedgerClient ledger, ReadModelGate readModel) =>
        {
            if (!EntityIds.IsValid(accountId)) return Task.FromResult(InvalidAccountId());
            var query = new QueryFields(http.Request.Query);
            var strong = query.OneOf("consistency", Consistencies) == "strong";
            if (query.Problem() is { } problem) return Task.FromResult(problem);

            return readModel.ReadAsync(http, strong, ReadSource.Account,
                source => AccountQuery.FindAsync(source, accountId, http.RequestAborted), ApiJsonContext.Api.AccountResponse,
                async () =>
                {
                    var (state, missing) = await AskAsync(ledger, accountId, http.RequestAborted);
                    return state is null ? missing! : Results.Json(ToResponse(state), ApiJsonContext.Api.AccountResponse);
                });
        }).RequireAuthorization(ApiPolicies.AccountReads).WithTags(ApiTags.Queries).Produces<AccountResponse>()
            .WithSummary("An account: its balances, currency, status and version.")
            .WithQuery(QueryParameter.OneOf("consistency", Consistencies,
                "strong: answered by the account itself; eventual (the default): by the read model, or the account when the read model cannot."))
            .WithProblems(NotFoundOrInvalid).WithReadSource(fallback: true);
    }

    /// <summary>What a read of one account may be refused with: a bad id or query, no such account, no answer now.</summary>
    public static readonly IReadOnlyList<ProblemType> NotFoundOrInvalid =
        [ProblemTypes.ValidationFailed, ProblemTypes.Of(RejectionCode.AccountNotFound), ProblemTypes.Unavailable];

    public static IResult InvalidAccountId() => Problems.Validation("account_id must be " + EntityIds.InWords);

    /// <summary>The account itself, asked: its state, or the problem to answer (404, or 503 when it cannot answer now).</summary>
    public static async Task<(AccountState? State, IResult? Problem)> AskAsync(LedgerClient ledger, string accountId, CancellationToken cancellationToken)
    {
        var answer = await ledger.AskAsync(new GetAccountState(accountId), cancellationToken);
        if (answer is CommandRejected rejected) return (null, Problems.FromRejection(rejected));
        var state = ((AccountStateReply)answer).State;
        return state.Exists
            ? (state, null)
            : (null, Problems.FromRejection(new CommandRejected(RejectionCode.AccountNotFound, $"account '{accountId}' does not exist")));
    }

    public static AccountResponse ToResponse(AccountState state) => new(
        state.AccountId,
        state.OwnerName,
        state.Currency.Format(state.BalanceMinorUnits),
        state.Currency.Format(state.AvailableMinorUnits),
        state.Currency.Format(state.OverdraftLimitMinorUnits),
        state.CurrencyCode,
        state.Status.ToString().ToLowerInvariant(),
        state.Version,
        MetadataAnswer.Of(state.Metadata),
        state.CreatedAt,
        state.LastUpdated,
        state.Currency.Format(state.PendingIncomingMinorUnits));
}
