namespace Chronicle.Domain.Accounts;

/// <summary>
/// The facts an account records. Immutable, append-only, and the only source of truth:
/// state, the read model and time travel are all folds over these.
/// Every event carries the business time it happened and, when the client gave one,
/// the idempotency key and the fingerprint of the request that caused it. The events of a client's create, deposit,
/// withdrawal or transfer (and the credit of a transfer) carry its labels, <see cref="ClientMetadata"/>: null when it gave
/// none, and so in every event written before labels existed, which stored nothing else for "none" (their manifests
/// stay .v1: such an event reads as it always meant).
/// </summary>
public interface IAccountEvent
{
    string AccountId { get; }
    Guid EventId { get; }
    DateTimeOffset OccurredAt { get; }
    IdempotencyStamp? Idempotency { get; }
}

/// <summary>The client's idempotency key and a fingerprint of the request body it came with.</summary>
public sealed record IdempotencyStamp(string Key, string RequestFingerprint)
{
    /// <summary>The stamp a keyed command's event carries; null without a key.</summary>
    public static IdempotencyStamp? Of(IAccountCommand command) =>
        command.IdempotencyKey is { } key ? new IdempotencyStamp(key, Chronicle.Domain.Accounts.RequestFingerprint.Of(command)) : null;
}

/// <param name="OverdraftLimitMinorUnits">
/// The overdraft limit the account opens with; 0 in an <c>AccountCreated.v1</c> written before the field existed (none then had one).
/// </param>
public sealed record AccountCreated(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string OwnerName,
    string CurrencyCode,
    long InitialBalanceMinorUnits,
    IdempotencyStamp? Idempotency,
    long OverdraftLimitMinorUnits = 0,
    ClientMetadata? Metadata = null) : IAccountEvent;

public sealed record MoneyDeposited(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    string? Description,
    IdempotencyStamp? Idempotency,
    ClientMetadata? Metadata = null) : IAccountEvent;

public sealed record MoneyWithdrawn(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    string? Description,
    IdempotencyStamp? Idempotency,
    ClientMetadata? Metadata = null) : IAccountEvent;

public sealed record AccountFrozen(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string? Reason,
    IdempotencyStamp? Idempotency) : IAccountEvent;

public sealed record AccountUnfrozen(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    IdempotencyStamp? Idempotency) : IAccountEvent;

/// <summary>
/// The account's overdraft limit is <see cref="OverdraftLimitMinorUnits"/> from now on: its balance less open holds may go
/// down to minus that (<see cref="AccountState.AvailableMinorUnits"/> counts it). Never set below what the account already uses of it.
/// </summary>
public sealed record OverdraftLimitSet(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    long OverdraftLimitMinorUnits,
    IdempotencyStamp? Idempotency) : IAccountEvent;

/// <summary>Final: a closed account refuses everything. Only a zero balance can be closed.</summary>
public sealed record AccountClosed(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string? Reason,
    IdempotencyStamp? Idempotency) : IAccountEvent;

/// <summary>Money arrived on this (the target) account for transfer <see cref="TransferId"/>, from its source's <see cref="TransferSent"/> or <see cref="HoldPosted"/>.</summary>
public sealed record TransferCredited(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    string FromAccountId,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    string? Description,
    IdempotencyStamp? Idempotency,
    ClientMetadata? Metadata = null) : IAccountEvent;
