namespace Chronicle.Domain.Accounts;

/// <summary>
/// This (the target) account now holds transfer <see cref="TransferId"/> of <see cref="FromAccountId"/> as a pending
/// incoming hold: it cannot close until the hold's credit or its release ends it. Written under the note's step key,
/// so the journal's unique key index refuses a second one for the same transfer whatever the memory forgot.
/// </summary>
public sealed record IncomingHoldOpened(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId,
    string FromAccountId,
    long AmountMinorUnits,
    IdempotencyStamp? Idempotency) : IAccountEvent;

/// <summary>The pending incoming hold of transfer <see cref="TransferId"/> ended without a credit: its source voided it, it expired, or its posted amount went back.</summary>
public sealed record IncomingHoldReleased(
    string AccountId,
    Guid EventId,
    DateTimeOffset OccurredAt,
    string TransferId) : IAccountEvent
{
    public IdempotencyStamp? Idempotency => null;
}
