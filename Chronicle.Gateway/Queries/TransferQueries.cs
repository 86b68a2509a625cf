using System.Globalization;
using Chronicle.Actors.Money;
using Chronicle.Actors.Transfers;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Queries;

public sealed record TransferResponse(
    string TransferId,
    string FromAccountId,
    string ToAccountId,
    string Amount,
    string? Currency,
    string Status,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>GET /transfers/{id}, answered by the saga itself.</summary>
public static class TransferQueries
{
    public static void MapTransferQueries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/transfers/{transferId}", async (string transferId, HttpContext http, LedgerClient ledger, GatewaySettings settings) =>
        {
            if (!JsonFields.AccountIdPattern().IsMatch(transferId))
                return Problems.Validation("transfer id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");

            var answer = await ledger.AskTransferAsync(new GetTransfer(transferId), settings.CommandTimeout, http.RequestAborted);
            if (answer is not TransferStateReply { State: var state })
                return Problems.Unavailable("the transfer did not answer in time");
            if (!state.Exists)
                return Problems.Result(Problems.Of(404, "transfer_not_found", "Transfer not found", $"transfer '{transferId}' does not exist"));
            return Results.Json(ToResponse(state), ApiJsonContext.Api.TransferResponse);
        });
    }

    private static TransferResponse ToResponse(TransferState state) => new(
        state.TransferId,
        state.FromAccountId,
        state.ToAccountId,
        state.CurrencyCode is { } code && Currency.Find(code) is var currency && currency.TryToMinorUnits(state.Amount, out var minor)
            ? currency.Format(minor)
            : state.Amount.ToString("G29", CultureInfo.InvariantCulture),
        state.CurrencyCode,
        state.Status.ToString().ToLowerInvariant(),
        state.FailureReason ?? state.RefundReason,
        state.CreatedAt,
        state.UpdatedAt);
}
