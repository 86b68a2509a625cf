using System.Security.Cryptography;
using System.Text;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

public sealed record TransferLegResponse(Guid EventId, string AccountId, string Type);

public sealed record TransferCompletedResponse(bool Success, string TransferId, string Status, IReadOnlyList<TransferLegResponse> Events);

public sealed record TransferRunningResponse(string TransferId, string Status);

/// <summary>
/// POST /commands/transfer: start (or rejoin) a transfer saga and wait a bounded time for its end:
/// 201 completed, 422 failed with the reason, 202 with Location while it is still running.
/// </summary>
public static class TransferEndpoints
{
    public static void MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/commands/transfer", async (HttpContext http, LedgerClient ledger, GatewaySettings settings) =>
        {
            var (start, problem) = await CommandRequest.ReadAsync(http.Request, (fields, key) => new StartTransfer(
                fields.OptionalString("transfer_id", 64, JsonFields.AccountIdPattern(), JsonFields.AccountIdHint)
                    ?? TransferIdFor(key),
                fields.AccountId("from_account_id"),
                fields.AccountId("to_account_id"),
                fields.Amount("amount", required: true, allowZero: false),
                fields.OptionalString("description", AccountDecider.MaxDescriptionLength)));
            if (start is null) return problem!;
            if (start.FromAccountId == start.ToAccountId)
                return Problems.Result(Problems.Of(422, "same_account", "Same account", "from_account_id and to_account_id must differ"));

            var answer = await ledger.AskTransferAsync(start, settings.TransferWait, http.RequestAborted);
            return answer switch
            {
                null => StillRunning(http, start.TransferId),
                CommandRejected rejected => Problems.FromRejection(rejected),
                TransferStateReply { State: var state } => Finished(state),
                _ => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
            };
        }).RequireAuthorization(ApiPolicies.Commands);
    }

    /// <summary>
    /// The saga's identity: derived from the Idempotency-Key when there is one (so a retried request
    /// finds the same transfer), otherwise new.
    /// </summary>
    private static string TransferIdFor(string? idempotencyKey) =>
        idempotencyKey is null
            ? Guid.CreateVersion7().ToString("N")
            : "k" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey))[..16]).ToLowerInvariant();

    private static IResult StillRunning(HttpContext http, string transferId)
    {
        http.Response.Headers.Location = $"/transfers/{transferId}";
        return Results.Json(new TransferRunningResponse(transferId, "pending"), ApiJsonContext.Api.TransferRunningResponse,
            statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Finished(TransferState state)
    {
        if (state.Status == TransferStatus.Completed)
            return Results.Json(new TransferCompletedResponse(true, state.TransferId, "completed",
                    state.Legs.Select(l => new TransferLegResponse(l.EventId, l.AccountId, l.Type)).ToList()),
                ApiJsonContext.Api.TransferCompletedResponse, statusCode: StatusCodes.Status201Created);

        var reason = state.FailureReason ?? "failed";
        var problem = Problems.Of(422, reason, "Transfer failed", state.FailureDetail ?? reason) with
        {
            TransferId = state.TransferId,
            TransferStatus = "failed",
        };
        return Problems.Result(problem);
    }
}
