namespace Chronicle.Domain.Accounts;

/// <summary>Anything addressed to one account; the account id is the sharding entity id.</summary>
public interface IAccountMessage
{
    string AccountId { get; }
}

/// <summary>A write to an account. Decided against the account's state by <see cref="AccountDecider"/>.</summary>
public interface IAccountCommand : IAccountMessage
{
    /// <summary>The client's Idempotency-Key header, when it sent one.</summary>
    string? IdempotencyKey { get; }

    /// <summary>
    /// The sender knows it may have sent this command before (a transfer saga after a timeout or a crash):
    /// the account must then find out for certain whether it applied it, asking the durable record when
    /// its memory cannot tell. A client's request is never marked so: clients are not trusted to know.
    /// </summary>
    bool IsResend => false;
}

/// <param name="OverdraftLimit">How far below zero the balance less open holds may go from the start (0: not at all).</param>
public sealed record CreateAccount(
    string AccountId,
    string OwnerName,
    decimal InitialBalance,
    string CurrencyCode,
    string? IdempotencyKey,
    decimal OverdraftLimit = 0m,
    ClientMetadata? Metadata = null) : IAccountCommand;

public sealed record DepositMoney(
    string AccountId,
    decimal Amount,
    string? Description,
    long? ExpectedVersion,
    string? IdempotencyKey,
    ClientMetadata? Metadata = null) : IAccountCommand;

public sealed record WithdrawMoney(
    string AccountId,
    decimal Amount,
    string? Description,
    long? ExpectedVersion,
    string? IdempotencyKey,
    ClientMetadata? Metadata = null) : IAccountCommand;

public sealed record FreezeAccount(string AccountId, string? Reason, long? ExpectedVersion, string? IdempotencyKey) : IAccountCommand;

public sealed record UnfreezeAccount(string AccountId, long? ExpectedVersion, string? IdempotencyKey) : IAccountCommand;

public sealed record CloseAccount(string AccountId, string? Reason, long? ExpectedVersion, string? IdempotencyKey) : IAccountCommand;

/// <summary>
/// Lets the balance less open holds go down to −<see cref="OverdraftLimit"/> (≥ 0, in the account's currency) from now on: the
/// limit counts in the available balance.
/// </summary>
public sealed record SetOverdraftLimit(string AccountId, decimal OverdraftLimit, long? ExpectedVersion, string? IdempotencyKey) : IAccountCommand;

/// <summary>A write was recorded (or, with <see cref="Replayed"/>, had been recorded under the same key).</summary>
public sealed record WriteAccepted(
    string AccountId,
    Guid EventId,
    long Version,
    long BalanceMinorUnits,
    string CurrencyCode,
    bool Replayed);

/// <summary>A write was refused; nothing was recorded.</summary>
public sealed record CommandRejected(RejectionCode Code, string Detail, long? CurrentVersion = null);

/// <summary>Why a command was refused. The gateway maps each to its HTTP status and problem code.</summary>
public enum RejectionCode
{
    ValidationFailed,
    AccountNotFound,
    AccountExists,
    VersionConflict,
    InsufficientFunds,
    AccountFrozen,
    AccountClosed,
    IdempotencyKeyReused,
    AccountNotFrozen,
    CurrencyMismatch,
    BalanceNotZero,
    AccountHasPendingTransfers,
    SameAccount,
    TransferNotFound,
    TransferNotHeld,
    AmountExceedsHold,

    /// <summary>A new overdraft limit below what the account already uses of it (its available balance would be negative).</summary>
    OverdraftLimitExceeded,

    /// <summary>The account has <see cref="AccountLimits.MaxOpenTransfers"/> holds and transfers open already.</summary>
    TooManyOpenTransfers,

    /// <summary>The event store did not confirm the write; the client should retry with the same key.</summary>
    Unavailable,
}
