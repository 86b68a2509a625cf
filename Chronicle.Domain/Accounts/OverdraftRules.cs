using Chronicle.Domain.Money;

namespace Chronicle.Domain.Accounts;

/// <summary>
/// An account's overdraft limit: how far below zero its balance less open holds may go. Set when the account opens
/// (<see cref="CreateAccount.OverdraftLimit"/>) or later (<see cref="SetOverdraftLimit"/>); the available balance counts it,
/// so withdrawals, transfers and holds may use it with no rule of their own (<see cref="AccountDecider.InsufficientFunds"/>).
/// </summary>
internal static class OverdraftRules
{
    /// <summary>
    /// A frozen account may have its limit changed (no money moves); a closed one may not. The new limit must cover what the
    /// account already uses: with it, the available balance (holds and the limit counted) may not be negative.
    /// </summary>
    internal static Decision Set(AccountState state, SetOverdraftLimit l, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (AccountDecider.CheckOpen(state) is { } refused) return refused;
        if (LimitProblem(state.Currency, l.OverdraftLimit, out var limitMinorUnits) is { } invalid) return invalid;
        if (AccountDecider.CheckVersion(state, l.ExpectedVersion) is { } conflict) return conflict;
        // How far the balance less holds is below zero: the part of the limit in use.
        var used = state.HeldMinorUnits - state.BalanceMinorUnits;
        if (limitMinorUnits < used)
            return AccountDecider.Reject(RejectionCode.OverdraftLimitExceeded,
                $"account '{state.AccountId}' uses {state.Currency.Format(used)} of its overdraft (balance less holds); " +
                $"the limit cannot go below that, and {state.Currency.Format(limitMinorUnits)} is");
        return new Decision.Record(new OverdraftLimitSet(state.AccountId, eventId, now, limitMinorUnits, stamp));
    }

    /// <summary>An overdraft limit: not negative, no finer than the currency, at most <see cref="MoneyLimits.MaxOverdraftLimitMinorUnits"/>.</summary>
    internal static Decision? LimitProblem(Currency currency, decimal limit, out long limitMinorUnits)
    {
        limitMinorUnits = 0;
        if (limit < 0) return AccountDecider.Invalid("overdraft_limit must not be negative");
        if (AccountDecider.AmountProblem(currency, limit, "overdraft_limit", out limitMinorUnits) is { } invalid) return invalid;
        return limitMinorUnits > MoneyLimits.MaxOverdraftLimitMinorUnits
            ? AccountDecider.Invalid($"overdraft_limit exceeds the maximum of {currency.Format(MoneyLimits.MaxOverdraftLimitMinorUnits)} {currency.Code}")
            : null;
    }
}
