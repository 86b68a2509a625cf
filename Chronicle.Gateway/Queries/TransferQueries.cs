using System.ComponentModel;
using Chronicle.Contracts.Transfers;
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
/// A transfer. <c>amount</c> is what was sent or held, <c>posted_amount</c> what a posted hold credited;
/// <c>expires_at</c> when an open hold expires. <c>updated_at</c> is absent when the source account answered
/// (it keeps when the transfer started, not when it last changed).
/// </summary>
internal sealed record TransferResponse(
    string TransferId,
    string FromAccountId,
    string ToAccountId,
    string Amount,
    string? PostedAmount,
    string Currency,
    string Status,
    string? Reason,
    DateTimeOffset? ExpiresAt,
    [property: Description(MetadataAnswer.Description)] IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>
/// GET /transfers/{id}: from the read model, or, for <c>?consistency=strong</c>, on a node without a read model,
/// while it is away and for a transfer it does not hold (yet), from the transfer's source account, found by the
/// journal row that opened it. The source knows its transfers while they are open; an ended one is final, so the
/// read model's row is then the answer whatever the consistency asked. GET /transfers: the most recently changed
/// transfers, from the read model only.
/// </summary>
internal static class TransferQueries
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static readonly IReadOnlyList<string> Statuses =
    [
        TransferStatuses.Pending, TransferStatuses.Held, TransferStatuses.Completed, TransferStatuses.Failed,
        TransferStatuses.Voided, TransferStatuses.Expired,
    ];

    public static void MapTransferQueries(this IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("").RequireAuthorization(ApiPolicies.AccountReads).WithTags(ApiTags.Queries);

        transfers.MapGet("/transfers/{transferId}", (string transferId, HttpContext http, LedgerClient ledger, ReadModelGate readModel) =>
        {
            if (!EntityIds.IsValid(transferId))
                return Task.FromResult(Problems.Validation("transfer id must be " + EntityIds.InWords));
            var query = new QueryFields(http.Request.Query);
            var strong = query.OneOf("consistency", AccountEndpoints.Consistencies) == "strong";
            if (query.Problem() is { } problem) return Task.FromResult(problem);

            return readModel.ReadAsync(http, strong, ReadSource.Transfer,
                source => TransferQuery.FindAsync(source, transferId, http.RequestAborted), ApiJsonContext.Api.TransferResponse,
                () => FromSourceAsync(http, ledger, readModel, transferId));
        }).Produces<TransferResponse>().WithSummary("A transfer: its accounts, amount, status and how it ended.")
            .WithQuery(QueryParameter.OneOf("consistency", AccountEndpoints.Consistencies,
                "strong: answered by the transfer's source account while it is open; eventual (the default): by the read model first."))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.Of(RejectionCode.TransferNotFound), ProblemTypes.Unavailable)
            .WithReadSource(fallback: true);

        transfers.MapGet("/transfers", async (HttpContext http, ReadModelGate readModel) =>
        {
            var query = new QueryFields(http.Request.Query);
            var limit = query.Limit(DefaultLimit, MaxLimit);
            var status = query.OneOf("status", Statuses);
            if (query.Problem() is { } problem) return problem;

            return await readModel.AnswerAsync(http, async source =>
                Results.Json(await TransferQuery.RecentAsync(source, limit, status, http.RequestAborted), ApiJsonContext.Api.TransfersResponse));
        }).Produces<TransfersResponse>().WithSummary("The most recently changed transfers, newest first; from the read model.")
            .WithQuery(QueryParameter.Limit(DefaultLimit, MaxLimit), QueryParameter.OneOf("status", Statuses, "Only transfers in this status."))
            .WithProblems(ProblemTypes.ValidationFailed, ProblemTypes.Unavailable).WithReadSource(fallback: false);
    }

    private static async Task<IResult> FromSourceAsync(HttpContext http, LedgerClient ledger, ReadModelGate readModel, string transferId)
    {
        var (opening, missing) = await ledger.FindTransferOpeningAsync(transferId, http.RequestAborted);
        if (opening is null) return Problems.FromRejection(missing!);

        switch (await ledger.AskAsync(new GetOpenTransfer(opening.AccountId, transferId), http.RequestAborted))
        {
            case TransferOutcome open:
                return Results.Json(ToResponse(open, opening), ApiJsonContext.Api.TransferResponse);
            case CommandRejected rejected:
                return Problems.FromRejection(rejected);
            case TransferNotOpen:
                break;
            case var answer:
                throw new InvalidOperationException($"unexpected answer {answer.GetType().Name}");
        }

        var (_, ended) = await readModel.TryQueryAsync(source => TransferQuery.FindAsync(source, transferId, http.RequestAborted));
        // The source no longer holds it open, so it has ended; a read-model row still open is one behind the journal
        // (the end written, not yet projected) and would contradict a completed answer the client already has.
        if (ended is not null && !TransferStatuses.IsOpen(ended.Status))
        {
            http.Response.Headers[ReadSource.Header] = ReadSource.ReadModel;
            return Results.Json(ended, ApiJsonContext.Api.TransferResponse);
        }
        // No read model (or it lags): how the transfer ended is in its source's journal.
        return await ledger.EndedTransferAsync(opening, transferId, http.RequestAborted) is { } fromJournal
            ? Results.Json(fromJournal, ApiJsonContext.Api.TransferResponse)
            : Problems.Unavailable($"transfer '{transferId}' has ended and neither the read model nor the journal shows how yet; retry later");
    }

    /// <summary>An open transfer as its source answers it; when it started and its labels are the journal's opening event's.</summary>
    private static TransferResponse ToResponse(TransferOutcome open, IAccountEvent opening)
    {
        var currency = Currency.Find(open.CurrencyCode);
        return new TransferResponse(open.TransferId, open.FromAccountId, open.ToAccountId, currency.Format(open.AmountMinorUnits), null,
            open.CurrencyCode, open.Status, open.Reason, open.ExpiresAt, MetadataAnswer.Of(LedgerClient.Opened(opening).Metadata), opening.OccurredAt, null);
    }
}
