using System.Globalization;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.Security;

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
    DateTimeOffset UpdatedAt)
{
    /// <summary>At the currency's scale once the debit has told it; as requested before that.</summary>
    public static string FormatAmount(decimal amount, string? currencyCode) =>
        currencyCode is { } code && Chronicle.Domain.Money.Currency.TryFind(code, out var currency) && currency.TryToMinorUnits(amount, out var minor)
            ? currency.Format(minor)
            : amount.ToString("G29", CultureInfo.InvariantCulture);
}

/// <summary>
/// GET /transfers/{id}: from the read model, or from the saga itself for <c>?consistency=strong</c>,
/// on a node without a read model, while the read model is away, and for a transfer it does not hold
/// (yet). GET /transfers: the most recently changed transfers, from the read model only.
/// </summary>
public static class TransferQueries
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static readonly IReadOnlyList<string> Statuses =
        [.. Enum.GetValues<TransferStatus>().Where(s => s != TransferStatus.None).Select(s => s.ToString().ToLowerInvariant())];

    public static void MapTransferQueries(this IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("").RequireAuthorization(ApiPolicies.AccountReads);

        transfers.MapGet("/transfers/{transferId}", (string transferId, HttpContext http, LedgerClient ledger, GatewaySettings settings, ReadModelGate readModel) =>
        {
            if (!JsonFields.AccountIdPattern().IsMatch(transferId))
                return Task.FromResult(Problems.Validation("transfer id must be " + JsonFields.AccountIdHint));
            var query = new QueryFields(http.Request.Query);
            var strong = query.OneOf("consistency", AccountEndpoints.Consistencies) == "strong";
            if (query.Problem() is { } problem) return Task.FromResult(problem);

            return readModel.ReadAsync(http, strong, ReadSource.Transfer,
                source => TransferQuery.FindAsync(source, transferId, http.RequestAborted), ApiJsonContext.Api.TransferResponse,
                async () =>
                {
                    var answer = await ledger.AskTransferAsync(new GetTransfer(transferId), settings.CommandTimeout, http.RequestAborted);
                    return answer switch
                    {
                        CommandRejected rejected => Problems.FromRejection(rejected),
                        TransferStateReply { State.Exists: false } =>
                            Problems.Result(Problems.Of(404, "transfer_not_found", "Transfer not found", $"transfer '{transferId}' does not exist")),
                        TransferStateReply { State: var state } => Results.Json(ToResponse(state), ApiJsonContext.Api.TransferResponse),
                        _ => Problems.Unavailable("the transfer did not answer in time"),
                    };
                });
        });

        transfers.MapGet("/transfers", async (HttpContext http, ReadModelGate readModel) =>
        {
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultLimit, MaxLimit);
            var status = query.OneOf("status", Statuses);
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                Results.Json(await TransferQuery.RecentAsync(source, limit, status, http.RequestAborted), ApiJsonContext.Api.TransfersResponse));
        });
    }

    private static TransferResponse ToResponse(TransferState state) => new(
        state.TransferId,
        state.FromAccountId,
        state.ToAccountId,
        TransferResponse.FormatAmount(state.Amount, state.CurrencyCode),
        state.CurrencyCode,
        state.Status.ToString().ToLowerInvariant(),
        state.FailureReason ?? state.RefundReason,
        state.CreatedAt,
        state.UpdatedAt);
}
