using Chronicle.Domain.Money;

namespace Chronicle.Domain.Accounts;

/// <summary>
/// The source account's side of a transfer, as pure functions of (state, input, time): starting a plain
/// transfer or a hold, posting or voiding a hold, letting it expire. What it then sends the target and what the
/// answers mean is <see cref="TargetSteps"/>'; the target's side is <see cref="CreditForTransfer"/> and
/// <see cref="IncomingHoldRules"/>, decided like any write.
///
/// The protocol (docs/TRANSFERS.md): the source records the transfer (<see cref="TransferSent"/> or
/// <see cref="TransferHeld"/>): that is its durable intent, checked in full before anything is written.
/// </summary>
public static class TransferRules
{
    internal static Decision Send(AccountState state, SendTransfer t, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (AccountDecider.CheckWritable(state, t.Amount, t.Description, null, out var amountMinorUnits, t.Metadata) is { } refused) return refused;
        if (t.ToAccountId == state.AccountId)
            return AccountDecider.Reject(RejectionCode.SameAccount, "from_account_id and to_account_id must differ");
        if (t.Hold ? t.TimeoutSeconds is < 1 or > AccountLimits.MaxHoldTimeoutSeconds : t.TimeoutSeconds is not null)
            return AccountDecider.Invalid(t.Hold
                ? $"timeout_seconds must be 1-{AccountLimits.MaxHoldTimeoutSeconds}"
                : "timeout_seconds applies to a hold only");
        if (state.Status == AccountStatus.Frozen) return AccountDecider.Reject(RejectionCode.AccountFrozen, $"account '{state.AccountId}' is frozen");
        if (state.Outgoing.ContainsKey(t.TransferId))
            return AccountDecider.Reject(RejectionCode.IdempotencyKeyReused, $"transfer '{t.TransferId}' exists with a different request");
        if (state.Outgoing.Count >= AccountLimits.MaxOpenTransfers)
            return AccountDecider.Reject(RejectionCode.TooManyOpenTransfers,
                $"account '{state.AccountId}' has {AccountLimits.MaxOpenTransfers} holds and transfers open; wait for one to end");
        if (AccountDecider.InsufficientFunds(state, amountMinorUnits) is { } insufficient) return insufficient;

        IAccountEvent recorded = t.Hold
            ? new TransferHeld(state.AccountId, eventId, now, t.TransferId, t.ToAccountId, amountMinorUnits,
                t.TimeoutSeconds is { } seconds ? now.AddSeconds(seconds) : null, t.Description, stamp, PendingAtTarget: true, t.Metadata)
            : new TransferSent(state.AccountId, eventId, now, t.TransferId, t.ToAccountId, amountMinorUnits,
                state.BalanceMinorUnits - amountMinorUnits, t.Description, stamp, Metadata: t.Metadata);
        return new Decision.Record(recorded);
    }

    internal static Decision Post(AccountState state, PostTransfer p, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (HeldProblem(state, p.TransferId, now, out var hold) is { } problem) return problem;
        var postedMinorUnits = hold.AmountMinorUnits;
        if (p.Amount is { } amount)
        {
            if (amount <= 0) return AccountDecider.Invalid("amount must be greater than zero");
            if (AccountDecider.AmountProblem(state.Currency, amount, "amount", out postedMinorUnits) is { } invalid) return invalid;
            if (postedMinorUnits > hold.AmountMinorUnits)
                return AccountDecider.Reject(RejectionCode.AmountExceedsHold,
                    $"{state.Currency.Format(postedMinorUnits)} is more than the {state.Currency.Format(hold.AmountMinorUnits)} held");
        }

        return new Decision.Record(new HoldPosted(state.AccountId, eventId, now, p.TransferId, postedMinorUnits,
            state.BalanceMinorUnits - postedMinorUnits, stamp));
    }

    internal static Decision Void(AccountState state, VoidTransfer v, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp) =>
        HeldProblem(state, v.TransferId, now, out _) is { } problem
            ? problem
            : new Decision.Record(new HoldReleased(state.AccountId, eventId, now, v.TransferId, HoldReleased.Voided, stamp));

    /// <summary>The holds whose time is up at <paramref name="now"/>, each released as expired.</summary>
    public static IReadOnlyList<IAccountEvent> Expire(AccountState state, DateTimeOffset now, Func<Guid> eventIds) =>
        state.Outgoing.Values
            .Where(o => o.Kind == OutgoingKind.Held && o.ExpiresAt <= now)
            .OrderBy(o => o.ExpiresAt).ThenBy(o => o.TransferId, StringComparer.Ordinal)
            .Select(o => (IAccountEvent)new HoldReleased(state.AccountId, eventIds(), Later(state, now), o.TransferId, HoldReleased.Expired, null))
            .ToList();

    /// <summary>When the next hold expires; null with none open.</summary>
    public static DateTimeOffset? NextExpiry(AccountState state) =>
        state.Outgoing.Values.Where(o => o.Kind == OutgoingKind.Held && o.ExpiresAt is not null).Min(o => o.ExpiresAt);

    /// <summary>A hold that can be posted or voided: open, held, and not past its expiry (which its account records by itself).</summary>
    private static Decision? HeldProblem(AccountState state, string transferId, DateTimeOffset now, out OutgoingTransfer hold)
    {
        hold = null!;
        if (AccountDecider.CheckOpen(state) is { } closed) return closed;
        if (!state.Outgoing.TryGetValue(transferId, out var open))
            return AccountDecider.Reject(RejectionCode.TransferNotHeld, $"transfer '{transferId}' is not held by account '{state.AccountId}'");
        if (open.Kind != OutgoingKind.Held)
            return AccountDecider.Reject(RejectionCode.TransferNotHeld,
                $"transfer '{transferId}' is not held: it was {(open.Kind == OutgoingKind.InFlight ? "posted" : "released")}");
        if (open.ExpiresAt <= now)
            return AccountDecider.Reject(RejectionCode.TransferNotHeld, $"transfer '{transferId}' is not held: it expired at {open.ExpiresAt:O}");
        hold = open;
        return null;
    }

    /// <summary>An account's event times never go backwards (see <see cref="AccountDecider"/>).</summary>
    internal static DateTimeOffset Later(AccountState state, DateTimeOffset now) => now < state.LastUpdated ? state.LastUpdated : now;
}
