namespace Chronicle.Domain.Accounts;

/// <summary>Where an outgoing transfer stands on its source account.</summary>
public enum OutgoingKind
{
    /// <summary>A hold: the amount is out of the available balance, not yet out of the balance.</summary>
    Held,

    /// <summary>The amount has left the balance; the target's credit is not confirmed yet.</summary>
    InFlight,

    /// <summary>
    /// Ended here (voided, expired, or its posted amount came back), no money of it left on the way; its target still
    /// holds it as a pending incoming hold until it confirms the release the source owes it.
    /// </summary>
    Releasing,
}

/// <summary>
/// A transfer its source account has started and not yet ended: part of the account's state, because it
/// is the account's money (held or on its way). Bounded by <see cref="AccountLimits.MaxOpenTransfers"/>.
/// </summary>
/// <param name="EventId">The event that took the money off the balance (the send, or the post of a hold): the transfer's debit leg.</param>
/// <param name="PendingAtTarget">
/// The target holds, or may hold, the transfer as a pending incoming hold (<see cref="IncomingHold"/>): every hold since
/// holds became known to their targets. Until the target's credit or its release removes that entry, the transfer stays
/// here. False for plain transfers and for holds read from a journal written before.
/// </param>
public sealed record OutgoingTransfer(
    string TransferId,
    Guid EventId,
    string ToAccountId,
    long AmountMinorUnits,
    OutgoingKind Kind,
    DateTimeOffset? ExpiresAt,
    string? Description,
    DateTimeOffset StartedAt,
    bool PendingAtTarget = false,
    ClientMetadata? Metadata = null);

/// <summary>Explicit limits of one account.</summary>
public static class AccountLimits
{
    /// <summary>
    /// Holds and transfers in flight one account may have open at once: bounds the state (and its snapshot)
    /// whatever a client does; the next one is refused until one ends.
    /// </summary>
    public const int MaxOpenTransfers = 10_000;

    /// <summary>
    /// Holds of other accounts towards this one that one account may have pending at once (<see cref="AccountState.Incoming"/>):
    /// bounds the state the same way; a hold beyond it is refused by the target, and fails.
    /// </summary>
    public const int MaxIncomingHolds = 10_000;

    /// <summary>The longest a hold may stay open before it expires by itself: 30 days.</summary>
    public const int MaxHoldTimeoutSeconds = 30 * 24 * 3600;
}
