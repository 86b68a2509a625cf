using System.Collections.Immutable;
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

    private static readonly ImmutableDictionary<string, OutgoingTransfer> NoTransfers =
        ImmutableDictionary.Create<string, OutgoingTransfer>(StringComparer.Ordinal);

    /// <summary>The holds and transfers in flight this account started and that have not ended, by transfer id.</summary>
    public ImmutableDictionary<string, OutgoingTransfer> Outgoing { get; init; } = NoTransfers;

    /// <summary>The sum of the open holds: money still on the balance but not available.</summary>
    public long HeldMinorUnits { get; init; }

    /// <summary>What withdrawals, transfers and holds may take: the balance less the open holds.</summary>
    public long AvailableMinorUnits => BalanceMinorUnits - HeldMinorUnits;

    public bool Exists => Status != AccountStatus.None;

    /// <summary>
    /// This state with the given open transfers, the held sum derived from them: how a state read back from
    /// a snapshot or from read-model rows gets its transfers, since neither stores the sum.
    /// </summary>
    public AccountState WithOutgoing(IEnumerable<OutgoingTransfer> open)
    {
        var byId = open.ToImmutableDictionary(o => o.TransferId, StringComparer.Ordinal);
        return this with
        {
            Outgoing = byId,
            HeldMinorUnits = byId.Values.Where(o => o.Kind == OutgoingKind.Held).Sum(o => o.AmountMinorUnits),
        };
    }

    public Currency Currency => Currency.Find(CurrencyCode);

    public AccountState Apply(IAccountEvent @event)
    {
        Invariant.Require(@event.AccountId == AccountId, $"event for {@event.AccountId} applied to {AccountId}");
        var next = @event switch
        {
            AccountCreated e => Created(e),
            MoneyDeposited e => Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            MoneyWithdrawn e => Moved(-e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            TransferCredited e => Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt),
            TransferSent e => Moved(-e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt)
                .Opened(new OutgoingTransfer(e.TransferId, e.EventId, e.ToAccountId, e.AmountMinorUnits, OutgoingKind.InFlight, null, e.Description, e.OccurredAt)),
            TransferHeld e => Touched(e.OccurredAt)
                .Opened(new OutgoingTransfer(e.TransferId, e.EventId, e.ToAccountId, e.AmountMinorUnits, OutgoingKind.Held, e.ExpiresAt, e.Description, e.OccurredAt)),
            HoldPosted e => Posted(e),
            HoldReleased e => Touched(e.OccurredAt).Ended(e.TransferId, OutgoingKind.Held),
            TransferSettled e => Touched(e.OccurredAt).Ended(e.TransferId, OutgoingKind.InFlight),
            TransferReturned e => Returned(e),
            AccountFrozen e => StatusChanged(AccountStatus.Active, AccountStatus.Frozen, e.OccurredAt),
            AccountUnfrozen e => StatusChanged(AccountStatus.Frozen, AccountStatus.Active, e.OccurredAt),
            AccountClosed e => Closed(e.OccurredAt),
            _ => throw new InvariantViolatedException($"unknown event {@event.GetType().Name}"),
        };
        Invariant.Require(next.BalanceMinorUnits >= 0, $"balance of {AccountId} below zero at version {next.Version}");
        Invariant.Require(next.HeldMinorUnits >= 0 && next.AvailableMinorUnits >= 0,
            $"{AccountId} v{next.Version}: {next.HeldMinorUnits} held of a balance of {next.BalanceMinorUnits}");
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
        Invariant.Require(Outgoing.IsEmpty, $"{AccountId} closed with {Outgoing.Count} transfers open");
        return this with { Status = AccountStatus.Closed, Version = Version + 1, LastUpdated = at };
    }

    private AccountState Moved(long signedAmountMinorUnits, long balanceAfterMinorUnits, DateTimeOffset at)
    {
        Invariant.Require(Exists, $"money moved on {AccountId} before it was created");
        Invariant.Require(BalanceMinorUnits + signedAmountMinorUnits == balanceAfterMinorUnits,
            $"{AccountId} v{Version + 1}: {BalanceMinorUnits} + {signedAmountMinorUnits} != recorded {balanceAfterMinorUnits}");
        return this with { BalanceMinorUnits = balanceAfterMinorUnits, Version = Version + 1, LastUpdated = at };
    }

    /// <summary>An event that moves no money: the version and the time.</summary>
    private AccountState Touched(DateTimeOffset at)
    {
        Invariant.Require(Exists, $"a transfer event on {AccountId} before it was created");
        return this with { Version = Version + 1, LastUpdated = at };
    }

    private AccountState Opened(OutgoingTransfer transfer)
    {
        Invariant.Require(!Outgoing.ContainsKey(transfer.TransferId), $"{AccountId}: transfer {transfer.TransferId} opened twice");
        Invariant.Require(transfer.AmountMinorUnits > 0, $"{AccountId}: transfer {transfer.TransferId} of {transfer.AmountMinorUnits}");
        return this with
        {
            Outgoing = Outgoing.Add(transfer.TransferId, transfer),
            HeldMinorUnits = HeldMinorUnits + (transfer.Kind == OutgoingKind.Held ? transfer.AmountMinorUnits : 0),
        };
    }

    /// <summary>Pairs with <see cref="Opened"/>: a transfer ends once, from the kind it is in.</summary>
    private AccountState Ended(string transferId, OutgoingKind kind)
    {
        var open = Open(transferId, kind);
        return this with
        {
            Outgoing = Outgoing.Remove(transferId),
            HeldMinorUnits = HeldMinorUnits - (kind == OutgoingKind.Held ? open.AmountMinorUnits : 0),
        };
    }

    private OutgoingTransfer Open(string transferId, OutgoingKind kind)
    {
        Invariant.Require(Outgoing.TryGetValue(transferId, out var open) && open.Kind == kind,
            $"{AccountId}: transfer {transferId} is not {kind}");
        return open!;
    }

    /// <summary>The posted part leaves the balance and is in flight; the rest of the hold is released.</summary>
    private AccountState Posted(HoldPosted e)
    {
        var hold = Open(e.TransferId, OutgoingKind.Held);
        Invariant.Require(e.AmountMinorUnits > 0 && e.AmountMinorUnits <= hold.AmountMinorUnits,
            $"{AccountId}: {e.AmountMinorUnits} posted of a hold of {hold.AmountMinorUnits}");
        var moved = Moved(-e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt);
        return moved with
        {
            Outgoing = Outgoing.SetItem(e.TransferId, hold with { EventId = e.EventId, AmountMinorUnits = e.AmountMinorUnits, Kind = OutgoingKind.InFlight, ExpiresAt = null }),
            HeldMinorUnits = HeldMinorUnits - hold.AmountMinorUnits,
        };
    }

    /// <summary>Pairs with the send: exactly the amount in flight comes back.</summary>
    private AccountState Returned(TransferReturned e)
    {
        var sent = Open(e.TransferId, OutgoingKind.InFlight);
        Invariant.Require(e.AmountMinorUnits == sent.AmountMinorUnits,
            $"{AccountId}: {e.AmountMinorUnits} returned of {sent.AmountMinorUnits} sent in transfer {e.TransferId}");
        return Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt).Ended(e.TransferId, OutgoingKind.InFlight);
    }
}
