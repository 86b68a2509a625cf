namespace Chronicle.Domain.Accounts;

/// <summary>
/// A plain transfer left this (the source) account: the balance went down by the amount and the transfer is
/// in flight until the target's credit is confirmed (<see cref="TransferSettled"/>) or refused
/// (<see cref="TransferReturned"/>). This event is the transfer's durable intent: once it is written the
/// transfer will end, with no client asking again.
/// </summary>
/// <param name="Settles">
/// Earlier transfers of this account whose credits the targets confirmed since its last write: settled by this event, as a
/// <see cref="TransferSettled"/> each would (<see cref="Settlements"/>). Null or empty when it settles none, and in a
/// <c>TransferSent.v1</c> written before the field existed.
/// </param>
public sealed record TransferSent(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    string ToAccountId,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    string? Description,
    IdempotencyStamp? Idempotency,
    IReadOnlyList<SettledTransfer>? Settles = null,
    ClientMetadata? Metadata = null) : IAccountEvent;

/// <summary>A transfer the event settles (<see cref="TransferSent.Settles"/>): its target's credit, <see cref="CreditEventId"/>, is durable.</summary>
public sealed record SettledTransfer(string TransferId, Guid CreditEventId);

/// <summary>A hold: the amount left the available balance, not the balance, until it is posted, voided or expires.</summary>
/// <param name="PendingAtTarget">
/// The source tells the target, which records the hold as pending (<see cref="IncomingHoldOpened"/>): true for every hold
/// decided now; false in a <c>TransferHeld.v1</c> written before the field existed, whose target was never told.
/// </param>
public sealed record TransferHeld(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    string ToAccountId,
    long AmountMinorUnits,
    DateTimeOffset? ExpiresAt,
    string? Description,
    IdempotencyStamp? Idempotency,
    bool PendingAtTarget = false,
    ClientMetadata? Metadata = null) : IAccountEvent;

/// <summary>
/// A hold was posted: <see cref="AmountMinorUnits"/> (all of the hold or part of it) left the balance and is in
/// flight to the target like a plain transfer; the rest of the hold is released.
/// </summary>
public sealed record HoldPosted(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    IdempotencyStamp? Idempotency) : IAccountEvent;

/// <summary>A hold ended without moving money: <see cref="Reason"/> is "voided" (asked for) or "expired" (its timeout passed).</summary>
public sealed record HoldReleased(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    string Reason,
    IdempotencyStamp? Idempotency) : IAccountEvent
{
    public const string Voided = "voided";
    public const string Expired = "expired";
}

/// <summary>The target confirmed the credit (<see cref="CreditEventId"/>): the transfer is complete and no longer in flight.</summary>
public sealed record TransferSettled(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    Guid CreditEventId) : IAccountEvent
{
    public IdempotencyStamp? Idempotency => null;
}

/// <summary>The target refused the credit (<see cref="Reason"/> is its rejection code): the amount came back to the balance.</summary>
/// <param name="Idempotency">
/// The refused credit's own stamp (key <c>⇄id:credit</c>): the journal's unique key index then holds the credit's key here, so
/// no copy of that credit can ever be applied at the target afterwards (one sent by an earlier incarnation of this account and
/// still on its way), and a credit applied there first makes this write fail instead: the credit or the return, never both.
/// Null in a <c>TransferReturned.v1</c> written before the field existed.
/// </param>
public sealed record TransferReturned(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    string Reason,
    string Detail,
    IdempotencyStamp? Idempotency = null) : IAccountEvent;

/// <summary>
/// The target refused to hold the transfer as pending (<see cref="Reason"/> is its rejection code: closed, missing, another
/// currency, too many pending): the hold ended, failed, its whole amount available again. Nothing is pending there.
/// </summary>
/// <param name="Idempotency">
/// The refused note's own stamp (key <c>⇄id:hold</c>), held here under the journal's unique key index: a copy of the note still
/// on its way can then never open a pending entry at the target after this refusal, and an entry opened there first makes this
/// write fail instead. Null in a <c>HoldRefused.v1</c> written before the field existed.
/// </param>
public sealed record HoldRefused(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    string Reason,
    string Detail,
    IdempotencyStamp? Idempotency = null) : IAccountEvent;

/// <summary>
/// The target confirmed it no longer holds the ended transfer as pending (<see cref="TargetEventId"/>: its
/// <see cref="IncomingHoldReleased"/>; null when it had nothing pending): the transfer is over on both sides.
/// </summary>
public sealed record HoldReleaseConfirmed(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    Guid? TargetEventId) : IAccountEvent
{
    public IdempotencyStamp? Idempotency => null;
}
