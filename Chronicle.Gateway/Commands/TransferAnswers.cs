using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Queries;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// A transfer's outcome as an answer, for each of the three requests that end in one: what a transfer, a post and a
/// void answer when the outcome is theirs to report, 202 with a Location while the credit is unanswered, and a
/// 422 problem naming the reason when the target refused the credit (the money is back on the source).
/// </summary>
internal static class TransferAnswers
{
    /// <summary>POST /commands/transfer: 201 completed or held, 202 pending, 422 failed.</summary>
    public static CommandAnswer Sent(TransferOutcome outcome) => Marked(outcome, outcome.Status switch
    {
        TransferStatuses.Completed or TransferStatuses.Held => Recorded(outcome.TransferId, outcome.Status,
            outcome.Legs.Select(l => new TransferLegResponse(l.EventId, l.AccountId, l.Type)).ToList()),
        _ => Unfinished(outcome),
    });

    /// <summary>
    /// A transfer request sent again after its transfer ended, answered from the read model's row: where the transfer
    /// ended (a hold may have been posted, voided or expired since), with no events (the row has none).
    /// </summary>
    public static CommandAnswer SentBefore(TransferResponse row) =>
        Before(row, () => Recorded(row.TransferId, row.Status, []));

    /// <summary>A post sent again after its transfer ended: the amount posted, as the read model has it.</summary>
    public static CommandAnswer PostedBefore(TransferResponse row) =>
        Before(row, () => CommandAnswer.Of(new TransferPostedResponse(true, row.TransferId, row.Status, row.PostedAmount ?? row.Amount),
            ApiJsonContext.Api.TransferPostedResponse));

    /// <summary>A void sent again after its hold was voided.</summary>
    public static CommandAnswer VoidedBefore(TransferResponse row) =>
        Before(row, () => CommandAnswer.Of(new TransferVoidedResponse(true, row.TransferId, row.Status), ApiJsonContext.Api.TransferVoidedResponse));

    /// <summary>POST /commands/post-transfer: 200 with the amount credited, 202 pending, 422 failed.</summary>
    public static CommandAnswer Posted(TransferOutcome outcome) => Marked(outcome, outcome.Status == TransferStatuses.Completed
        ? CommandAnswer.Of(new TransferPostedResponse(true, outcome.TransferId, outcome.Status,
            Currency.Find(outcome.CurrencyCode).Format(outcome.AmountMinorUnits)), ApiJsonContext.Api.TransferPostedResponse)
        : Unfinished(outcome));

    /// <summary>POST /commands/void-transfer: 200.</summary>
    public static CommandAnswer Voided(TransferOutcome outcome) =>
        Marked(outcome, CommandAnswer.Of(new TransferVoidedResponse(true, outcome.TransferId, outcome.Status), ApiJsonContext.Api.TransferVoidedResponse));

    /// <summary>202: the transfer is recorded and durable, and ends by itself; its Location says how.</summary>
    public static CommandAnswer Running(string transferId) =>
        CommandAnswer.Of(new TransferRunningResponse(transferId, TransferStatuses.Pending), ApiJsonContext.Api.TransferRunningResponse,
            StatusCodes.Status202Accepted) with { Location = $"/transfers/{transferId}" };

    private static CommandAnswer Unfinished(TransferOutcome outcome) => outcome.Status switch
    {
        TransferStatuses.Pending => Running(outcome.TransferId),
        TransferStatuses.Failed => Failed(outcome.TransferId, outcome.Reason, outcome.Detail),
        _ => throw new InvalidOperationException($"transfer {outcome.TransferId}: unexpected status {outcome.Status}"),
    };

    private static CommandAnswer Before(TransferResponse row, Func<CommandAnswer> ended) =>
        (row.Status == TransferStatuses.Failed
            ? Failed(row.TransferId, row.Reason, $"transfer '{row.TransferId}' failed ({row.Reason}); the amount went back to '{row.FromAccountId}'")
            : ended()) with { Replayed = true };

    private static CommandAnswer Recorded(string transferId, string status, IReadOnlyList<TransferLegResponse> legs) =>
        CommandAnswer.Of(new TransferRecordedResponse(true, transferId, status, legs), ApiJsonContext.Api.TransferRecordedResponse,
            StatusCodes.Status201Created);

    /// <summary>The target's refusal is the problem's code (account_frozen, currency_mismatch, ...), always a 422: the transfer itself failed.</summary>
    private static CommandAnswer Failed(string transferId, string? reason, string? detail)
    {
        var type = ProblemTypes.TransferFailed(reason);
        return CommandAnswer.Of(Problems.Of(type, detail ?? type.Code) with
        {
            TransferId = transferId,
            TransferStatus = TransferStatuses.Failed,
        });
    }

    private static CommandAnswer Marked(TransferOutcome outcome, CommandAnswer answer) =>
        outcome.Replayed ? answer with { Replayed = true } : answer;
}
