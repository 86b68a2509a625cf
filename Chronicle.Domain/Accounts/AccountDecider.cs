using Chronicle.Domain.Money;

namespace Chronicle.Domain.Accounts;

/// <summary>What to do with a command: record an event, replay an earlier answer, or refuse.</summary>
public abstract record Decision
{
    public sealed record Record(IAccountEvent Event) : Decision;

    public sealed record Answer(object Reply) : Decision;
}

/// <summary>
/// The account's business rules as a pure function of (state, command, time). No I/O, no clock,
/// no randomness of its own, so every rule is unit-testable and the actor stays a thin shell.
///
/// An account's event times never go backwards: an event is stamped no earlier than the one
/// before it, whatever the clock says. A clock stepped back, or a shard moved to a node whose
/// clock is behind, would otherwise reorder history, and "the state as of an instant" (time
/// travel: the events up to that instant) would stop being a prefix of the journal.
/// </summary>
public static class AccountDecider
{
    /// <summary>Owner names are free text but bounded.</summary>
    public const int MaxOwnerNameLength = 200;

    public const int MaxDescriptionLength = 500;

    /// <summary>
    /// Decides a command that is not a retry of an earlier write: the caller has asked its idempotency
    /// memory (or the durable record) first, and answered a retry with <see cref="Replay"/>.
    /// </summary>
    public static Decision Decide(AccountState state, IAccountCommand command, DateTimeOffset now, Guid eventId)
    {
        if (now < state.LastUpdated) now = state.LastUpdated;
        var stamp = IdempotencyStamp.Of(command);
        return command switch
        {
            CreateAccount c => Create(state, c, now, eventId, stamp),
            DepositMoney d => Deposit(state, d, now, eventId, stamp),
            WithdrawMoney w => Withdraw(state, w, now, eventId, stamp),
            FreezeAccount f => Freeze(state, f, now, eventId, stamp),
            UnfreezeAccount u => Unfreeze(state, u, now, eventId, stamp),
            CloseAccount c => Close(state, c, now, eventId, stamp),
            SetOverdraftLimit l => OverdraftRules.Set(state, l, now, eventId, stamp),
            CreditForTransfer c => Credit(state, c, now, eventId, stamp),
            OpenIncomingHold n => IncomingHoldRules.Open(state, n, now, eventId, stamp),
            ReleaseIncomingHold r => IncomingHoldRules.Release(state, r, now, eventId),
            SendTransfer t => TransferRules.Send(state, t, now, eventId, stamp),
            PostTransfer p => TransferRules.Post(state, p, now, eventId, stamp),
            VoidTransfer v => TransferRules.Void(state, v, now, eventId, stamp),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name),
        };
    }

    private static Decision Create(AccountState state, CreateAccount c, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (state.Exists) return Reject(RejectionCode.AccountExists, $"account '{state.AccountId}' already exists");
        if (string.IsNullOrWhiteSpace(c.OwnerName) || c.OwnerName.Length > MaxOwnerNameLength)
            return Invalid($"owner_name must be 1-{MaxOwnerNameLength} characters");
        if (!Currency.TryFind(c.CurrencyCode, out var currency)) return Invalid($"currency '{c.CurrencyCode}' is not supported");
        if (c.InitialBalance < 0) return Invalid("initial_balance must not be negative");
        if (AmountProblem(currency, c.InitialBalance, "initial_balance", out var initialMinorUnits) is { } invalid) return invalid;
        if (OverdraftRules.LimitProblem(currency, c.OverdraftLimit, out var limitMinorUnits) is { } badLimit) return badLimit;
        if (MetadataProblem(c.Metadata) is { } badMetadata) return badMetadata;

        return new Decision.Record(new AccountCreated(state.AccountId, eventId, now, c.OwnerName, currency.Code, initialMinorUnits, stamp,
            limitMinorUnits, c.Metadata));
    }

    private static Decision Deposit(AccountState state, DepositMoney d, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (CheckWritable(state, d.Amount, d.Description, d.ExpectedVersion, out var amountMinorUnits, d.Metadata) is { } refused) return refused;
        if (state.Status == AccountStatus.Frozen) return Reject(RejectionCode.AccountFrozen, $"account '{state.AccountId}' is frozen");
        if (state.BalanceMinorUnits + amountMinorUnits > MoneyLimits.MaxBalanceMinorUnits)
            return Invalid("the deposit would take the balance over the maximum an account may hold");

        return new Decision.Record(new MoneyDeposited(state.AccountId, eventId, now, amountMinorUnits,
            state.BalanceMinorUnits + amountMinorUnits, d.Description, stamp, d.Metadata));
    }

    private static Decision Withdraw(AccountState state, WithdrawMoney w, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (CheckWritable(state, w.Amount, w.Description, w.ExpectedVersion, out var amountMinorUnits, w.Metadata) is { } refused) return refused;
        if (state.Status == AccountStatus.Frozen) return Reject(RejectionCode.AccountFrozen, $"account '{state.AccountId}' is frozen");
        if (InsufficientFunds(state, amountMinorUnits) is { } insufficient) return insufficient;

        return new Decision.Record(new MoneyWithdrawn(state.AccountId, eventId, now, amountMinorUnits,
            state.BalanceMinorUnits - amountMinorUnits, w.Description, stamp, w.Metadata));
    }

    private static Decision Credit(AccountState state, CreditForTransfer c, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (CheckOpen(state) is { } closed) return closed;
        if (state.Status == AccountStatus.Frozen) return Reject(RejectionCode.AccountFrozen, $"account '{state.AccountId}' is frozen");
        if (state.CurrencyCode != c.CurrencyCode)
            return Reject(RejectionCode.CurrencyMismatch, $"account '{state.AccountId}' holds {state.CurrencyCode}, the transfer is in {c.CurrencyCode}");
        // Not its labels: the source's, checked when it took the transfer; a target never refuses money over them.
        if (CheckWritable(state, c.Amount, c.Description, null, out var amountMinorUnits) is { } refused) return refused;
        if (state.BalanceMinorUnits + amountMinorUnits > MoneyLimits.MaxBalanceMinorUnits)
            return Invalid("the credit would take the balance over the maximum an account may hold");

        return new Decision.Record(new TransferCredited(state.AccountId, eventId, now, c.TransferId, c.FromAccountId, amountMinorUnits,
            state.BalanceMinorUnits + amountMinorUnits, c.Description, stamp, c.Metadata));
    }

    private static Decision Freeze(AccountState state, FreezeAccount f, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (CheckOpen(state) is { } refused) return refused;
        if (f.Reason is { Length: > MaxDescriptionLength }) return Invalid($"reason must be at most {MaxDescriptionLength} characters");
        if (CheckVersion(state, f.ExpectedVersion) is { } conflict) return conflict;
        if (state.Status == AccountStatus.Frozen) return Reject(RejectionCode.AccountFrozen, $"account '{state.AccountId}' is already frozen");
        return new Decision.Record(new AccountFrozen(state.AccountId, eventId, now, f.Reason, stamp));
    }

    private static Decision Unfreeze(AccountState state, UnfreezeAccount u, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (CheckOpen(state) is { } refused) return refused;
        if (CheckVersion(state, u.ExpectedVersion) is { } conflict) return conflict;
        if (state.Status != AccountStatus.Frozen) return Reject(RejectionCode.AccountNotFrozen, $"account '{state.AccountId}' is not frozen");
        return new Decision.Record(new AccountUnfrozen(state.AccountId, eventId, now, stamp));
    }

    private static Decision Close(AccountState state, CloseAccount c, DateTimeOffset now, Guid eventId, IdempotencyStamp? stamp)
    {
        if (CheckOpen(state) is { } refused) return refused;
        if (c.Reason is { Length: > MaxDescriptionLength }) return Invalid($"reason must be at most {MaxDescriptionLength} characters");
        if (CheckVersion(state, c.ExpectedVersion) is { } conflict) return conflict;
        // Either direction: money of this account on its way out, or another account's hold that may still be credited here.
        if (!state.Outgoing.IsEmpty || !state.Incoming.IsEmpty)
            return Reject(RejectionCode.AccountHasPendingTransfers,
                $"account '{state.AccountId}' has {state.Outgoing.Count} holds or transfers of its own in flight and {state.Incoming.Count} holds " +
                "towards it pending; it can be closed once they end");
        if (state.BalanceMinorUnits != 0)
            return Reject(RejectionCode.BalanceNotZero, $"balance is {state.Currency.Format(state.BalanceMinorUnits)}; only an empty account can be closed");
        return new Decision.Record(new AccountClosed(state.AccountId, eventId, now, c.Reason, stamp));
    }

    /// <summary>Money leaves only from the available balance: the balance less what open holds keep back, plus the overdraft limit.</summary>
    internal static Decision? InsufficientFunds(AccountState state, long amountMinorUnits) =>
        amountMinorUnits > state.AvailableMinorUnits
            ? Reject(RejectionCode.InsufficientFunds,
                $"available balance {state.Currency.Format(state.AvailableMinorUnits)} is less than {state.Currency.Format(amountMinorUnits)}")
            : null;

    /// <summary>The account exists and is not closed: the precondition of every write but creation.</summary>
    internal static Decision? CheckOpen(AccountState state)
    {
        if (!state.Exists) return Reject(RejectionCode.AccountNotFound, $"account '{state.AccountId}' does not exist");
        if (state.Status == AccountStatus.Closed) return Reject(RejectionCode.AccountClosed, $"account '{state.AccountId}' is closed");
        return null;
    }

    /// <summary>
    /// The checks every money movement shares: the account exists and is open, the amount fits its currency, the description and
    /// the labels their bounds, the version matches.
    /// </summary>
    internal static Decision? CheckWritable(AccountState state, decimal amount, string? description, long? expectedVersion, out long amountMinorUnits,
        ClientMetadata? metadata = null)
    {
        amountMinorUnits = 0;
        if (CheckOpen(state) is { } refused) return refused;
        if (amount <= 0) return Invalid("amount must be greater than zero");
        var currency = state.Currency;
        if (AmountProblem(currency, amount, "amount", out amountMinorUnits) is { } invalid) return invalid;
        if (description is { Length: > MaxDescriptionLength }) return Invalid($"description must be at most {MaxDescriptionLength} characters");
        if (MetadataProblem(metadata) is { } badMetadata) return badMetadata;
        return CheckVersion(state, expectedVersion);
    }

    /// <summary>Labels beyond their bounds (the gateway refuses them first, field by field; this is the rule).</summary>
    private static Decision? MetadataProblem(ClientMetadata? metadata) =>
        metadata?.Problem() is { } problem ? Invalid($"metadata {problem}") : null;

    /// <summary>
    /// The client's optimistic lock, the same for every write but creation: checked once the account is
    /// known to be open and the request valid, before any rule of its current state (frozen, balance),
    /// so a client that read a stale version hears that first, whatever else changed since.
    /// </summary>
    internal static Decision? CheckVersion(AccountState state, long? expectedVersion) =>
        expectedVersion is { } expected && expected != state.Version
            ? Reject(RejectionCode.VersionConflict, $"expected version {expected} but the account is at {state.Version}", state.Version)
            : null;

    internal static Decision? AmountProblem(Currency currency, decimal amount, string field, out long minorUnits)
    {
        if (currency.TryToMinorUnits(amount, out minorUnits)) return null;
        return decimal.Abs(amount) > currency.ToDecimal(MoneyLimits.MaxAmountMinorUnits)
            ? Invalid($"{field} exceeds the maximum of {currency.Format(MoneyLimits.MaxAmountMinorUnits)} {currency.Code}")
            : Invalid($"{field} has more than {currency.Scale} decimal places, the most {currency.Code} allows");
    }

    /// <summary>
    /// The answer to a command whose key was used before, for <paramref name="earlier"/>: the same
    /// request gets the same answer again, anything else under that key (another body, route or account)
    /// is refused and changes nothing.
    /// </summary>
    public static Decision Replay(IAccountCommand command, RememberedWrite earlier, string currencyCode)
    {
        Invariant.Require(command.IdempotencyKey is not null, "only a keyed command is a replay");
        var sameRequest = earlier.AccountId == command.AccountId && earlier.RequestFingerprint == RequestFingerprint.Of(command);
        return sameRequest
            ? Answer(new WriteAccepted(earlier.AccountId, earlier.EventId, earlier.Version, earlier.BalanceAfterMinorUnits, currencyCode, Replayed: true))
            : Reject(RejectionCode.IdempotencyKeyReused, "this Idempotency-Key was already used with a different request");
    }

    internal static Decision Invalid(string detail) => Reject(RejectionCode.ValidationFailed, detail);

    internal static Decision Reject(RejectionCode code, string detail, long? currentVersion = null) =>
        new Decision.Answer(new CommandRejected(code, detail, currentVersion));

    private static Decision Answer(object reply) => new Decision.Answer(reply);
}
