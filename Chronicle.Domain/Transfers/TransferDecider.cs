using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;

namespace Chronicle.Domain.Transfers;

/// <summary>
/// The transfer saga's rules as pure functions of (state, input, time): whether a request starts a
/// transfer, joins it or is refused; which account command the state calls for; and what each
/// account answer means for the transfer. No I/O, no clock: the actor asks the accounts, feeds the
/// answers here, persists what comes back and folds it with <see cref="TransferState.Apply"/>.
/// Transfer events carry no ids of their own (a leg's id is its account event's), so only the time
/// is passed in.
///
/// Which writes the saga waits for is decided here too. It waits for all but two: that the source
/// was debited is recorded while the credit is already on its way, and the completion while the
/// client already has its answer. Both account events are durable by then, and a saga that restarts
/// before those writes land re-sends the idempotent step it has no record of and gets the same
/// answer. The refund decision above all is waited for: once money went back, the credit must never
/// be tried again.
/// </summary>
public static class TransferDecider
{
    public static TransferDecision Start(TransferState state, StartTransfer start, DateTimeOffset now)
    {
        Invariant.Require(start.TransferId == state.TransferId, $"request for transfer {start.TransferId} sent to {state.TransferId}");
        var fingerprint = start.Fingerprint();
        if (!state.Exists)
        {
            return Record(state, new TransferInitiated(start.TransferId, now, start.FromAccountId, start.ToAccountId, start.Amount,
                start.Description, fingerprint), AfterRecord.WaitForWrite);
        }

        return state.RequestFingerprint == fingerprint
            ? TransferDecision.Join.Instance
            : new TransferDecision.Refuse(new CommandRejected(RejectionCode.IdempotencyKeyReused,
                $"transfer '{start.TransferId}' exists with a different request"));
    }

    /// <summary>
    /// The account command that carries out the step the state says is due; <paramref name="isResend"/>
    /// unless the saga knows this is the step's first send (see <see cref="IAccountCommand.IsResend"/>).
    /// </summary>
    public static IAccountCommand StepCommand(TransferState state, bool isResend) => state.NextStep switch
    {
        TransferStep.Debit => new DebitForTransfer(state.FromAccountId, state.TransferId, state.Amount, state.ToAccountId, state.Description, isResend),
        TransferStep.Credit => new CreditForTransfer(state.ToAccountId, state.TransferId, state.Amount, state.CurrencyCode!,
            state.FromAccountId, state.Description, isResend),
        TransferStep.Refund => new RefundTransfer(state.FromAccountId, state.TransferId, state.Amount, state.RefundReason!, isResend),
        _ => throw new InvalidOperationException($"transfer {state.TransferId} in {state.Status} has no next step"),
    };

    /// <summary>What the account's <paramref name="answer"/> to <paramref name="step"/> means for the transfer.</summary>
    public static TransferDecision Answered(TransferState state, TransferStep step, StepAnswer answer, DateTimeOffset now)
    {
        // Pairs with StepCommand: a step is only ever sent because the state called for it, and the
        // state does not move while it is in flight.
        Invariant.Require(step != TransferStep.None && step == state.NextStep,
            $"transfer {state.TransferId} in {state.Status}: an answer to {step}, but {state.NextStep} is due");

        return (step, answer) switch
        {
            (_, StepAnswer.Unavailable unavailable) => new TransferDecision.Retry(unavailable.Detail, RefundRefused: false),

            (TransferStep.Debit, StepAnswer.Accepted debited) => Debited(state, debited, now),
            // Nothing left the source: the transfer fails without a refund.
            (TransferStep.Debit, StepAnswer.Rejected refused) => Record(state,
                new TransferFailed(state.TransferId, now, Code(refused), refused.Detail, RefundEventId: null), AfterRecord.WaitForWrite),

            (TransferStep.Credit, StepAnswer.Accepted credited) => Record(state,
                new TransferCompleted(state.TransferId, now, InTransferCurrency(state, credited)), AfterRecord.AnswerNow),
            (TransferStep.Credit, StepAnswer.Rejected refused) => Record(state,
                new TransferRefundStarted(state.TransferId, now, Code(refused), refused.Detail), AfterRecord.WaitForWrite),

            (TransferStep.Refund, StepAnswer.Accepted refunded) => Record(state,
                new TransferFailed(state.TransferId, now, state.RefundReason!,
                    $"{state.FailureDetail}; the amount was refunded to '{state.FromAccountId}'", InTransferCurrency(state, refunded)),
                AfterRecord.WaitForWrite),
            // The source took the money; it must take it back. Keep trying.
            (TransferStep.Refund, StepAnswer.Rejected refused) => new TransferDecision.Retry(refused.Detail, RefundRefused: true),

            _ => throw new InvalidOperationException($"unexpected answer {answer.GetType().Name} to {step}"),
        };
    }

    /// <summary>The debit fixes the transfer's currency: the source's.</summary>
    private static TransferDecision Debited(TransferState state, StepAnswer.Accepted debited, DateTimeOffset now)
    {
        var currency = Currency.Find(debited.CurrencyCode);
        Invariant.Require(currency.TryToMinorUnits(state.Amount, out var amountMinorUnits), "a debited amount fits its currency");
        return Record(state, new TransferSourceDebited(state.TransferId, now, currency.Code, amountMinorUnits, debited.EventId),
            AfterRecord.NextStepNow);
    }

    /// <summary>
    /// Pairs with the account's currency check: the target refuses a credit in another currency, and the
    /// refund goes back to the account the debit came from.
    /// </summary>
    private static Guid InTransferCurrency(TransferState state, StepAnswer.Accepted accepted)
    {
        Invariant.Require(accepted.CurrencyCode == state.CurrencyCode,
            $"transfer {state.TransferId} in {state.CurrencyCode}: a step accepted in {accepted.CurrencyCode}");
        return accepted.EventId;
    }

    /// <summary>
    /// Pairs the decider with the fold: whatever is decided, <see cref="TransferState.Apply"/> must accept
    /// (it asserts its own side), and the saga may go on before the write only as <paramref name="then"/> allows.
    /// </summary>
    private static TransferDecision.Record Record(TransferState state, ITransferEvent @event, AfterRecord then)
    {
        var after = state.Apply(@event);
        // Every recorded event moves the saga on: a decision that left the same step due would resend it forever.
        Invariant.Require(after.IsFinished || after.NextStep != state.NextStep,
            $"transfer {state.TransferId}: {@event.GetType().Name} leaves {after.NextStep} due, as it was");
        Invariant.Require(then != AfterRecord.NextStepNow || !after.IsFinished,
            $"transfer {state.TransferId}: {@event.GetType().Name} has no next step to take before it is durable");
        Invariant.Require(then != AfterRecord.AnswerNow || after.Status == TransferStatus.Completed,
            $"transfer {state.TransferId}: only a completion is answered before it is durable, not {@event.GetType().Name}");
        return new TransferDecision.Record(@event, then);
    }

    private static string Code(StepAnswer.Rejected refused) => RejectionCodes.ToSnakeCase(refused.Code);
}
