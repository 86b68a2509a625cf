using System.Data.Common;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Admin;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;

namespace Chronicle.Gateway.Admin;

/// <summary>
/// POST /admin/verify-chain (what <c>chronicle verify --chain</c> calls): every account's hash chain checked against the
/// journal (<see cref="JournalChains"/>), the broken ones listed. Needs the event store only, no projector.
/// </summary>
internal static class ChainAdmin
{
    public static void MapChainAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/verify-chain", async (JournalChains chains, HttpContext http) =>
        {
            var (accounts, events, unhashed, invalidTotal, invalid) = (0L, 0L, 0L, 0, new List<ChainReport>());
            try
            {
                await foreach (var chain in chains.VerifyAllAsync(http.RequestAborted))
                {
                    (accounts, events, unhashed) = (accounts + 1, events + chain.Events, unhashed + chain.UnhashedEvents);
                    if (!chain.Valid && invalidTotal++ < AdminEndpoints.MaxDifferencesListed) invalid.Add(chain);
                }
            }
            catch (DbException e)
            {
                return Problems.Unavailable($"verify-chain could not read the journal: {e.Message}");
            }
            return Results.Json(new ChainsResponse(invalidTotal == 0, accounts, events, unhashed, invalidTotal, invalid), ApiJsonContext.Api.ChainsResponse);
        }).Produces<ChainsResponse>().WithSummary("Checks every account's hash chain against the journal, in one scan; lists the broken ones.")
            .WithProblems(ProblemTypes.Unavailable);
    }
}
