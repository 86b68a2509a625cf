using System.Security.Cryptography;
using System.Text;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Commands;

internal sealed record TransferLegResponse(Guid EventId, string AccountId, string Type);

internal sealed record TransferCompletedResponse(bool Success, string TransferId, string Status, IReadOnlyList<TransferLegResponse> Events);

internal sealed record TransferRunningResponse(string TransferId, string Status);

/// <summary>
/// POST /commands/transfer: start (or rejoin) a transfer saga and wait a bounded time for its end:
/// 201 completed, 422 failed with the reason, 202 with Location while it is still running.
/// </summary>
internal static class TransferEndpoints
{
    public static void MapTransferEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/commands/transfer", async (HttpContext http, LedgerClient ledger, GatewaySettings settings) =>
        {
            var (request, problem) = await CommandRequest.ReadAsync(http.Request, Parse);
            if (request is null) return problem!;
            var start = request.Start;
            if (start.FromAccountId == start.ToAccountId)
                return Problems.Result(Problems.Of(422, "same_account", "Same account", "from_account_id and to_account_id must differ"));

            var answer = await ledger.StartTransferAsync(start, request.KeyDigest, settings.TransferWait, http.RequestAborted);
            return answer switch
            {
                null => StillRunning(http, start.TransferId),
                CommandRejected rejected => Problems.FromRejection(rejected),
                TransferStateReply { State: var state } => Finished(state),
                _ => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}"),
            };
        }).RequireAuthorization(ApiPolicies.Commands);
    }

    private static TransferRequest Parse(JsonFields fields, string? key)
    {
        var keyDigest = KeyDigest(key);
        return new TransferRequest(new StartTransfer(
            fields.OptionalString("transfer_id", 64, JsonFields.AccountIdPattern(), JsonFields.AccountIdHint)
                ?? keyDigest ?? Guid.CreateVersion7().ToString("N"),
            fields.AccountId("from_account_id"),
            fields.AccountId("to_account_id"),
            fields.Amount("amount", required: true, allowZero: false),
            fields.OptionalString("description", AccountDecider.MaxDescriptionLength)), keyDigest);
    }

    /// <summary>
    /// The (caller-scoped) Idempotency-Key's digest, null without one. It names the key's row in
    /// <see cref="TransferKeys"/>, and it is the transfer's id when the body names none: a retried
    /// request finds the same transfer, and two callers' equal keys two different ones.
    /// </summary>
    private static string? KeyDigest(string? idempotencyKey) =>
        idempotencyKey is null
            ? null
            : "k" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey))[..16]).ToLowerInvariant();

    /// <summary>A transfer as asked for, and the digest of the key it was asked under.</summary>
    private sealed record TransferRequest(StartTransfer Start, string? KeyDigest);

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
