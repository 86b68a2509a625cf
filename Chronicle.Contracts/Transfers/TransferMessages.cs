using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Transfers;

/// <summary>
/// Asks a transfer's source account where the transfer stands while it is open (held or in flight). Answered
/// with a <see cref="TransferOutcome"/>, or <see cref="TransferNotOpen"/> once it ended (the read model has it).
/// </summary>
public sealed record GetOpenTransfer(string AccountId, string TransferId) : IAccountMessage;

/// <summary>The transfer is not open on that account: never started there, or ended.</summary>
public sealed record TransferNotOpen(string TransferId);

/// <summary>
/// Wakes an account that has transfers open (sent by the transfer recovery scan): it sends again every step its
/// transfers wait for (a credit, a hold's note or release) and expires the holds whose time is up. Harmless for any other account.
/// </summary>
public sealed record ResumeTransfers(string AccountId) : IAccountMessage;

/// <summary>The transfer statuses, as the API spells them.</summary>
public static class TransferStatuses
{
    public const string Pending = "pending";
    public const string Held = "held";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Voided = "voided";
    public const string Expired = "expired";

    /// <summary>Whether a transfer in <paramref name="status"/> may still change: in flight or held; every other status is final.</summary>
    public static bool IsOpen(string status) => status is Pending or Held;
}

/// <summary>One account event a transfer caused: which account, which event, what kind.</summary>
public sealed record TransferLeg(Guid EventId, string AccountId, string Type);

/// <summary>
/// Where a transfer stands, as its source account answers a transfer, post or void request: at once when it
/// is refused or ends quickly, with <see cref="TransferStatuses.Pending"/> when its credit has not been answered
/// within the account's wait (the transfer is durable and will end by itself).
/// </summary>
public sealed record TransferOutcome(
    string TransferId,
    string Status,
    string FromAccountId,
    string ToAccountId,
    long AmountMinorUnits,
    string CurrencyCode,
    IReadOnlyList<TransferLeg> Legs,
    string? Reason = null,
    string? Detail = null,
    DateTimeOffset? ExpiresAt = null,
    bool Replayed = false);
