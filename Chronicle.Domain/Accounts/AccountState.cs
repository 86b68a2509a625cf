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

    private static readonly ImmutableDictionary<string, IncomingHold> NoIncomingHolds =
        ImmutableDictionary.Create<string, IncomingHold>(StringComparer.Ordinal);

    /// <summary>The holds and transfers in flight this account started and that have not ended, by transfer id.</summary>
    public ImmutableDictionary<string, OutgoingTransfer> Outgoing { get; init; } = NoTransfers;

    /// <summary>The sum of the open holds: money still on the balance but not available.</summary>
    public long HeldMinorUnits { get; init; }

    /// <summary>Other accounts' holds towards this one, pending here until credited or released, by transfer id.</summary>
    public ImmutableDictionary<string, IncomingHold> Incoming { get; init; } = NoIncomingHolds;

    /// <summary>The sum of <see cref="Incoming"/>: money that may still arrive (not on the balance, not spendable).</summary>
    public long PendingIncomingMinorUnits { get; init; }

    /// <summary>How far below zero the balance less the open holds may go: 0 unless the account was given credit.</summary>
    public long OverdraftLimitMinorUnits { get; init; }

    /// <summary>The client's labels on the account, given when it was created; null for none.</summary>
    public ClientMetadata? Metadata { get; init; }

    /// <summary>What withdrawals, transfers and holds may take: the balance less the open holds, plus the overdraft limit. Never negative.</summary>
    public long AvailableMinorUnits => BalanceMinorUnits - HeldMinorUnits + OverdraftLimitMinorUnits;

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
            // A credit ends the pending entry of the hold it posts, if the target holds one (a plain transfer's: none).
            TransferCredited e => Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt).WithoutIncoming(e.TransferId, required: false),
            IncomingHoldOpened e => Touched(e.OccurredAt).WithIncoming(new IncomingHold(e.TransferId, e.EventId, e.FromAccountId, e.AmountMinorUnits, e.OccurredAt)),
            IncomingHoldReleased e => Touched(e.OccurredAt).WithoutIncoming(e.TransferId, required: true),
            TransferSent e => Moved(-e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt).Settled(e.Settles)
                .Opened(new OutgoingTransfer(e.TransferId, e.EventId, e.ToAccountId, e.AmountMinorUnits, OutgoingKind.InFlight, null, e.Description, e.OccurredAt,
                    Metadata: e.Metadata)),
            TransferHeld e => Touched(e.OccurredAt)
                .Opened(new OutgoingTransfer(e.TransferId, e.EventId, e.ToAccountId, e.AmountMinorUnits, OutgoingKind.Held, e.ExpiresAt, e.Description, e.OccurredAt,
                    e.PendingAtTarget, e.Metadata)),
            HoldPosted e => Posted(e),
            HoldReleased e => Touched(e.OccurredAt).Ended(e.TransferId, OutgoingKind.Held, releaseTarget: true),
            HoldRefused e => Refused(e),
            HoldReleaseConfirmed e => Touched(e.OccurredAt).Ended(e.TransferId, OutgoingKind.Releasing),
            TransferSettled e => Touched(e.OccurredAt).Ended(e.TransferId, OutgoingKind.InFlight),
            TransferReturned e => Returned(e),
            AccountFrozen e => StatusChanged(AccountStatus.Active, AccountStatus.Frozen, e.OccurredAt),
            AccountUnfrozen e => StatusChanged(AccountStatus.Frozen, AccountStatus.Active, e.OccurredAt),
            AccountClosed e => Closed(e.OccurredAt),
            OverdraftLimitSet e => Touched(e.OccurredAt) with { OverdraftLimitMinorUnits = e.OverdraftLimitMinorUnits },
            _ => throw new InvariantViolatedException($"unknown event {@event.GetType().Name}"),
        };
        Invariant.Require(next.OverdraftLimitMinorUnits is >= 0 and <= MoneyLimits.MaxOverdraftLimitMinorUnits,
            $"{AccountId} v{next.Version}: overdraft limit {next.OverdraftLimitMinorUnits}");
        // The overdraft is the only way below zero, holds included: the balance less what they keep back stays at or above −limit.
        Invariant.Require(next.HeldMinorUnits >= 0 && next.AvailableMinorUnits >= 0,
            $"{AccountId} v{next.Version}: {next.HeldMinorUnits} held of a balance of {next.BalanceMinorUnits} with an overdraft limit of {next.OverdraftLimitMinorUnits}");
        Invariant.Require(next.PendingIncomingMinorUnits >= 0 && next.Incoming.Count <= AccountLimits.MaxIncomingHolds,
            $"{AccountId} v{next.Version}: {next.Incoming.Count} incoming holds pending for {next.PendingIncomingMinorUnits}");
        return next;
    }

    public AccountState ApplyAll(IEnumerable<IAccountEvent> events) =>
        events.Aggregate(this, (state, e) => state.Apply(e));

    /// <summary>
    /// This state with the open transfers and pending holds stored beside it (a snapshot, the read model's rows); their sums
    /// are not stored but recomputed here, as the fold keeps them.
    /// </summary>
    public AccountState Restored(IEnumerable<OutgoingTransfer> outgoing, IEnumerable<IncomingHold> incoming)
    {
        var open = outgoing.ToImmutableDictionary(o => o.TransferId, StringComparer.Ordinal);
        var pending = incoming.ToImmutableDictionary(i => i.TransferId, StringComparer.Ordinal);
        return this with
        {
            Outgoing = open,
            HeldMinorUnits = open.Values.Where(o => o.Kind == OutgoingKind.Held).Sum(o => o.AmountMinorUnits),
            Incoming = pending,
            PendingIncomingMinorUnits = pending.Values.Sum(i => i.AmountMinorUnits),
        };
    }

    private AccountState Created(AccountCreated e)
    {
        Invariant.Require(!Exists, $"{AccountId} created twice");
        return this with
        {
            Status = AccountStatus.Active,
            OwnerName = e.OwnerName,
            CurrencyCode = e.CurrencyCode,
            BalanceMinorUnits = e.InitialBalanceMinorUnits,
            OverdraftLimitMinorUnits = e.OverdraftLimitMinorUnits,
            Metadata = e.Metadata,
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
        Invariant.Require(Incoming.IsEmpty, $"{AccountId} closed with {Incoming.Count} incoming holds pending");
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

    /// <summary>
    /// Pairs with <see cref="Opened"/>: a transfer ends once, from the kind it is in. With <paramref name="releaseTarget"/>, one
    /// whose target holds it as pending stays, <see cref="OutgoingKind.Releasing"/>, until the target confirms the release.
    /// </summary>
    private AccountState Ended(string transferId, OutgoingKind kind, bool releaseTarget = false)
    {
        var open = Open(transferId, kind);
        return this with
        {
            Outgoing = releaseTarget && open.PendingAtTarget
                ? Outgoing.SetItem(transferId, open with { Kind = OutgoingKind.Releasing })
                : Outgoing.Remove(transferId),
            HeldMinorUnits = HeldMinorUnits - (kind == OutgoingKind.Held ? open.AmountMinorUnits : 0),
        };
    }

    /// <summary>The transfers in flight that an event settles besides its own business (<see cref="TransferSent.Settles"/>).</summary>
    private AccountState Settled(IReadOnlyList<SettledTransfer>? settles)
    {
        var state = this;
        foreach (var settled in settles ?? []) state = state.Ended(settled.TransferId, OutgoingKind.InFlight);
        return state;
    }

    /// <summary>Only a hold its target was told of can be refused by it; nothing is pending there, so it ends at once.</summary>
    private AccountState Refused(HoldRefused e)
    {
        Invariant.Require(Open(e.TransferId, OutgoingKind.Held).PendingAtTarget, $"{AccountId}: hold {e.TransferId} refused by a target never told of it");
        return Touched(e.OccurredAt).Ended(e.TransferId, OutgoingKind.Held);
    }

    /// <summary>A hold of another account, pending here; a transfer is held pending once.</summary>
    private AccountState WithIncoming(IncomingHold hold)
    {
        Invariant.Require(!Incoming.ContainsKey(hold.TransferId), $"{AccountId}: incoming hold {hold.TransferId} opened twice");
        Invariant.Require(hold.AmountMinorUnits > 0, $"{AccountId}: incoming hold {hold.TransferId} of {hold.AmountMinorUnits}");
        return this with
        {
            Incoming = Incoming.Add(hold.TransferId, hold),
            PendingIncomingMinorUnits = PendingIncomingMinorUnits + hold.AmountMinorUnits,
        };
    }

    /// <summary>Pairs with <see cref="WithIncoming"/>: a release must find the entry; a credit ends one only if there is one.</summary>
    private AccountState WithoutIncoming(string transferId, bool required)
    {
        if (!Incoming.TryGetValue(transferId, out var hold))
        {
            Invariant.Require(!required, $"{AccountId}: incoming hold {transferId} released but not pending");
            return this;
        }
        return this with { Incoming = Incoming.Remove(transferId), PendingIncomingMinorUnits = PendingIncomingMinorUnits - hold.AmountMinorUnits };
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
        return Moved(e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.OccurredAt).Ended(e.TransferId, OutgoingKind.InFlight, releaseTarget: true);
    }
}
