using System.Data.Common;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Admin;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Queries;

/// <summary>
/// GET /accounts/{id}/verify-chain: the account's hash chain recomputed from its journal rows, never the read model
/// (<see cref="JournalChains"/>, docs/HASH-CHAIN.md); 404 when the journal holds no event of it.
/// </summary>
internal static class ChainEndpoint
{
    public static void MapChainEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/accounts/{accountId}/verify-chain", async (string accountId, HttpContext http, JournalChains chains, EventStoreMonitor eventStore) =>
        {
            if (!EntityIds.IsValid(accountId)) return AccountEndpoints.InvalidAccountId();
            if (!eventStore.Reachable) return Problems.Unavailable("the event store is unreachable; retry later");

            ChainReport? report;
            try
            {
                report = await chains.VerifyAsync(accountId, http.RequestAborted);
            }
            catch (DbException e)
            {
                return Problems.Unavailable("the event store failed: " + e.Message);
            }
            return report is null
                ? Problems.FromRejection(new CommandRejected(RejectionCode.AccountNotFound, $"account '{accountId}' does not exist"))
                : Results.Json(report, ApiJsonContext.Api.ChainReport);
        }).RequireAuthorization(ApiPolicies.Audit).WithTags(ApiTags.Queries).Produces<ChainReport>()
            .WithSummary("The account's hash chain recomputed from its journal rows: valid, or the first bad version.")
            .WithProblems(AccountEndpoints.NotFoundOrInvalid);
    }
}
