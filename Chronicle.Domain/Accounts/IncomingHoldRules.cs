namespace Chronicle.Domain.Accounts;

/// <summary>
/// The target's side of a hold, as pure decisions: holding a hold of another account as pending (the source's note), and
/// dropping it when the source releases it. The credit of a posted hold ends the entry too (<see cref="AccountState"/>).
///
/// A note is refused only for what rules out any credit for good or bounds the state: the account missing or closed,
/// another currency, <see cref="AccountLimits.MaxIncomingHolds"/> pending already. A frozen account takes it: it may be
/// unfrozen before the hold is posted, and the credit decides then, as for any transfer.
/// </summary>
public static class IncomingHoldRules
{
    /// <summary>
    /// The answer this account's state alone gives a command, before its idempotency memory or its durable record is asked:
    /// a note for a hold it holds pending already is that same write again. Null for everything else.
    /// </summary>
    public static Decision? FromState(AccountState state, IAccountCommand command) =>
        command is OpenIncomingHold note && state.Incoming.TryGetValue(note.TransferId, out var held) && held.FromAccountId == note.FromAccountId
            ? new Decision.Answer(new WriteAccepted(state.AccountId, held.EventId, state.Version, state.BalanceMinorUnits, state.CurrencyCode, Replayed: true))
            : null;

    internal static Decision Open(AccountState state, OpenIncomingHold note, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (FromState(state, note) is { } known) return known;
        if (AccountDecider.CheckOpen(state) is { } refused) return refused;
        if (state.CurrencyCode != note.CurrencyCode)
            return AccountDecider.Reject(RejectionCode.CurrencyMismatch, $"account '{state.AccountId}' holds {state.CurrencyCode}, the hold is in {note.CurrencyCode}");
        if (AccountDecider.CheckWritable(state, note.Amount, null, null, out var amountMinorUnits) is { } invalid) return invalid;
        if (state.Incoming.ContainsKey(note.TransferId))
            return AccountDecider.Reject(RejectionCode.IdempotencyKeyReused, $"transfer '{note.TransferId}' is pending here from another account");
        if (state.Incoming.Count >= AccountLimits.MaxIncomingHolds)
            return AccountDecider.Reject(RejectionCode.TooManyOpenTransfers,
                $"account '{state.AccountId}' has {AccountLimits.MaxIncomingHolds} holds towards it pending; wait for one to end");
        return new Decision.Record(new IncomingHoldOpened(state.AccountId, eventId, now, note.TransferId, note.FromAccountId, amountMinorUnits, stamp));
    }

    /// <summary>Nothing pending for the transfer (released already, never held, or held for another source) is a refusal: nothing to write.</summary>
    internal static Decision Release(AccountState state, ReleaseIncomingHold release, DateTimeOffset now, Guid eventId) =>
        state.Incoming.TryGetValue(release.TransferId, out var held) && held.FromAccountId == release.FromAccountId
            ? new Decision.Record(new IncomingHoldReleased(state.AccountId, eventId, now, release.TransferId))
            : AccountDecider.Reject(RejectionCode.TransferNotHeld, $"account '{state.AccountId}' holds no pending hold of transfer '{release.TransferId}'");
}
