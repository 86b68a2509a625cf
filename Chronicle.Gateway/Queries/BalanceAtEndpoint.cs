using System.ComponentModel;
using Chronicle.Actors.History;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Queries;

/// <summary>
/// The account as of <c>at</c>: <c>balance</c>, <c>available_balance</c> (the balance less the holds open then, plus the limit
/// then), the <c>overdraft_limit</c> in force then and those <c>holds</c>, oldest first.
/// </summary>
internal sealed record BalanceAtResponse(string AccountId, string Balance, string AvailableBalance, string OverdraftLimit, string Currency,
    DateTimeOffset At, long Version, IReadOnlyList<HoldAtResponse> Holds,
    [property: Description(MetadataAnswer.Description)] IReadOnlyDictionary<string, string> Metadata);

/// <summary>A hold open at the instant: its transfer, its target, the amount held, when it was to expire, and its labels.</summary>
internal sealed record HoldAtResponse(string TransferId, string ToAccountId, string Amount, DateTimeOffset? ExpiresAt,
    [property: Description(MetadataAnswer.Description)] IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// GET /accounts/{id}/balance-at?timestamp=: the account as of an instant, rebuilt from the event
/// store (<see cref="AccountHistory"/>); 404 when the account did not exist yet at that instant.
/// </summary>
internal static class BalanceAtEndpoint
{
    public static void MapBalanceAtEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/accounts/{accountId}/balance-at", async (string accountId, HttpContext http, AccountHistory history, EventStoreMonitor eventStore) =>
        {
            if (!EntityIds.IsValid(accountId)) return AccountEndpoints.InvalidAccountId();
            var query = new QueryFields(http.Request.Query);
            var at = query.RequiredInstant("timestamp");
            if (query.Problem() is { } problem) return problem;
            if (!eventStore.Reachable) return Problems.Unavailable("the event store is unreachable; retry later");

            AccountState state;
            try
            {
                state = await history.AsOfAsync(accountId, at, http.RequestAborted);
            }
            catch (EventStoreUnavailableException e)
            {
                return Problems.Unavailable(e.Message);
            }
            if (!state.Exists)
                return Problems.FromRejection(new CommandRejected(RejectionCode.AccountNotFound, $"account '{accountId}' did not exist at {at.ToUniversalTime():O}"));

            var holds = state.Outgoing.Values.Where(o => o.Kind == OutgoingKind.Held).OrderBy(o => o.StartedAt).ThenBy(o => o.TransferId, StringComparer.Ordinal)
                .Select(o => new HoldAtResponse(o.TransferId, o.ToAccountId, state.Currency.Format(o.AmountMinorUnits), o.ExpiresAt, MetadataAnswer.Of(o.Metadata)))
                .ToList();
            return Results.Json(new BalanceAtResponse(state.AccountId, state.Currency.Format(state.BalanceMinorUnits),
                state.Currency.Format(state.AvailableMinorUnits), state.Currency.Format(state.OverdraftLimitMinorUnits), state.CurrencyCode, at.ToUniversalTime(), state.Version, holds,
                MetadataAnswer.Of(state.Metadata)),
                ApiJsonContext.Api.BalanceAtResponse);
        }).RequireAuthorization(ApiPolicies.Audit).WithTags(ApiTags.Queries).Produces<BalanceAtResponse>()
            .WithSummary("Time travel: the account as of an instant, rebuilt from the event store.")
            .WithQuery(QueryParameter.Instant("timestamp", "The instant"))
            .WithProblems(AccountEndpoints.NotFoundOrInvalid);
    }
}
