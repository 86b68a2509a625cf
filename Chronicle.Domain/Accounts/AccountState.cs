using Chronicle.Domain.Money;

namespace Chronicle.Domain.Accounts;

/// <summary>
/// An account as of some version: a pure fold over its events. The same <see cref="Apply"/>
/// serves actor recovery, the write path, time travel and the tests, so there is exactly
/// one definition of what an event means. The ledger alone: which idempotency keys the account has
/// seen is not part of it (<see cref="IdempotencyMemory"/>), so snapshots, strong reads, time travel
/// and the projector carry and build no keys.
/// </summary>
public sealed record AccountState(
    string AccountId,
    AccountStatus Status,
    string OwnerName,
    string CurrencyCode,
    long BalanceMinorUnits,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated)
{
    public static AccountState Initial(string accountId) =>
        new(accountId, AccountStatus.None, "", Currency.DefaultCode, 0, 0, default, default);

    public bool Exists => Status != AccountStatus.None;

    public Currency Currency => Currency.Find(CurrencyCode);

    public AccountState Apply(IAccountEvent @event)
    {
        Invariant.Require(@event.AccountId == AccountId, $"event for {@event.AccountId} applied to {AccountId}");
        var next = @event switch
        {
            AccountCreated e => Created(e),
            MoneyDeposited e => Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            MoneyWithdrawn e => Moved(-e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            TransferDebited e => Moved(-e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            TransferCredited e => Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            TransferRefunded e => Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            AccountFrozen e => StatusChanged(AccountStatus.Active, AccountStatus.Frozen, e.OccurredAt),
            AccountUnfrozen e => StatusChanged(AccountStatus.Frozen, AccountStatus.Active, e.OccurredAt),
            AccountClosed e => Closed(e.OccurredAt),
            _ => throw new InvariantViolatedException($"unknown event {@event.GetType().Name}"),
        };
        Invariant.Require(next.BalanceMinorUnits >= 0, $"balance of {AccountId} below zero at version {next.Version}");
        return next;
    }

    public AccountState ApplyAll(IEnumerable<IAccountEvent> events) =>
        events.Aggregate(this, (state, e) => state.Apply(e));

    private AccountState Created(AccountCreated e)
    {
        Invariant.Require(!Exists, $"{AccountId} created twice");
        return this with
        {
            Status = AccountStatus.Active,
            OwnerName = e.OwnerName,
            CurrencyCode = e.CurrencyCode,
            BalanceMinorUnits = e.InitialBalanceMinorUnits,
            Version = Version + 1,
            CreatedAt = e.OccurredAt,
            LastUpdated = e.OccurredAt,
        };
    }

    private AccountState StatusChanged(AccountStatus from, AccountStatus to, DateTimeOffset at)
    {
        Invariant.Require(Status == from, $"{AccountId} moved to {to} from {Status}, expected {from}");
        return this with { Status = to, Version = Version + 1, LastUpdated = at };
    }

    private AccountState Closed(DateTimeOffset at)
    {
        Invariant.Require(Status is AccountStatus.Active or AccountStatus.Frozen, $"{AccountId} closed from {Status}");
        Invariant.Require(BalanceMinorUnits == 0, $"{AccountId} closed with balance {BalanceMinorUnits}");
        return this with { Status = AccountStatus.Closed, Version = Version + 1, LastUpdated = at };
    }

    private AccountState Moved(long signedAmountMinorUnits, long balanceAfterMinorUnits, DateTimeOffset at)
    {
        Invariant.Require(Exists, $"money moved on {AccountId} before it was created");
        Invariant.Require(BalanceMinorUnits + signedAmountMinorUnits == balanceAfterMinorUnits,
            $"{AccountId} v{Version + 1}: {BalanceMinorUnits} + {signedAmountMinorUnits} != recorded {balanceAfterMinorUnits}");
        return this with { BalanceMinorUnits = balanceAfterMinorUnits, Version = Version + 1, LastUpdated = at };
    }
}
