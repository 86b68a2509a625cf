namespace Chronicle.Domain.Accounts;

/// <summary>
/// What a source account sends the target of each transfer it has open, and what the target's answer records: the
/// credit of a transfer in flight, the note of a hold (hold it as pending), the release of a hold that ended without a
/// credit. Pure; the account actor sends, waits and retries, one step at a time per transfer.
///
/// Every step but a transfer's very first credit or note is marked <see cref="IAccountCommand.IsResend"/> when it may have
/// been sent before, so the target checks its durable record when its memory does not hold the key. And the target hears
/// a hold's credit or release only after it has answered the hold's note in the source's current incarnation: a note sent
/// by an earlier incarnation, still on its way, then finds its key used (the target holds or held the hold) or the target
/// closed, and can never open a pending entry after the entry's end.
///
/// A step the target refused writes nothing there; the source's record of the refusal (a return, a refused hold) carries the
/// step's key instead. The journal holds each key once across all accounts, so the step takes effect at the target or is
/// refused at the source, never both: a copy sent by an earlier incarnation and delivered after the refusal (the target
/// unfrozen meanwhile, say) cannot credit money that already came back.
/// </summary>
public static class TargetSteps
{
    /// <summary>
    /// The step <paramref name="open"/> waits for; null when it waits for none (a hold the target holds: until it is
    /// posted, voided or expires).
    /// </summary>
    /// <param name="noteAnswered">The target answered the transfer's note since this incarnation of the source started.</param>
    /// <param name="first">Nothing of this step can have been sent before (right after the write that made it due).</param>
    public static IAccountCommand? Next(AccountState state, OutgoingTransfer open, bool noteAnswered, bool first) => open switch
    {
        { PendingAtTarget: true } when !noteAnswered => new OpenIncomingHold(open.ToAccountId, open.TransferId,
            state.Currency.ToDecimal(open.AmountMinorUnits), state.CurrencyCode, state.AccountId, IsResend: !first),
        { Kind: OutgoingKind.InFlight } => Credit(state, open, isResend: !first),
        { Kind: OutgoingKind.Releasing } => new ReleaseIncomingHold(open.ToAccountId, open.TransferId, state.AccountId),
        _ => null,
    };

    /// <summary>The credit a transfer in flight is waiting for.</summary>
    public static CreditForTransfer Credit(AccountState state, OutgoingTransfer inFlight, bool isResend)
    {
        Invariant.Require(inFlight.Kind == OutgoingKind.InFlight, $"transfer {inFlight.TransferId} is {inFlight.Kind}, not in flight");
        return new CreditForTransfer(inFlight.ToAccountId, inFlight.TransferId, state.Currency.ToDecimal(inFlight.AmountMinorUnits),
            state.CurrencyCode, state.AccountId, inFlight.Description, isResend, inFlight.Metadata);
    }

    /// <summary>
    /// What the target's answer to <paramref name="step"/> records on this (the source) account; null when there is
    /// nothing to record: an "unavailable" answer (the step is sent again), a note the target took, or a step the
    /// transfer has moved past.
    /// <list type="bullet">
    /// <item>credit: settled when the target wrote it, returned (the money back on this balance) when it refused;</item>
    /// <item>note: refused while the hold is still only held: the hold fails, its amount available again;</item>
    /// <item>a refusal is recorded under the refused step's own key (the target writes nothing when it refuses): the journal holds
    /// each key once, so a copy of that step still on its way can never take effect at the target after it.</item>
    /// <item>release: confirmed, with the target's event when it had the hold pending.</item>
    /// </list>
    /// </summary>
    public static IAccountEvent? Answered(AccountState state, IAccountCommand step, object answer, DateTimeOffset now, Guid eventId)
    {
        if (answer is CommandRejected { Code: RejectionCode.Unavailable }) return null;
        var transferId = TransferIdOf(step);
        if (!state.Outgoing.TryGetValue(transferId, out var open)) return null;
        now = TransferRules.Later(state, now);
        return (step, open.Kind, answer) switch
        {
            (CreditForTransfer, OutgoingKind.InFlight, WriteAccepted credited) => new TransferSettled(state.AccountId, eventId, now, transferId, credited.EventId),
            (CreditForTransfer, OutgoingKind.InFlight, CommandRejected refused) => new TransferReturned(state.AccountId, eventId, now, transferId,
                open.AmountMinorUnits, state.BalanceMinorUnits + open.AmountMinorUnits, RejectionCodes.ToSnakeCase(refused.Code), refused.Detail,
                IdempotencyStamp.Of(step)),
            (OpenIncomingHold, OutgoingKind.Held, CommandRejected refused) => new HoldRefused(state.AccountId, eventId, now, transferId,
                RejectionCodes.ToSnakeCase(refused.Code), refused.Detail, IdempotencyStamp.Of(step)),
            (ReleaseIncomingHold, OutgoingKind.Releasing, WriteAccepted released) => new HoldReleaseConfirmed(state.AccountId, eventId, now, transferId, released.EventId),
            (ReleaseIncomingHold, OutgoingKind.Releasing, CommandRejected) => new HoldReleaseConfirmed(state.AccountId, eventId, now, transferId, null),
            _ => null,
        };
    }

    /// <summary>The transfer a step is about.</summary>
    public static string TransferIdOf(IAccountCommand step) => step switch
    {
        CreditForTransfer c => c.TransferId,
        OpenIncomingHold n => n.TransferId,
        ReleaseIncomingHold r => r.TransferId,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.GetType().Name),
    };
}
