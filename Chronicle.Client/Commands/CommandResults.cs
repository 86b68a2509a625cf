namespace Chronicle.Client;

// The writes' success bodies, as the OpenAPI document's response schemas define them. Money is decimal: the node
// answers it as a decimal string at the currency's scale ("700.00"), read here exactly.

/// <summary>An account opened (201).</summary>
/// <param name="Success">Always true.</param>
/// <param name="EventId">The journal event that opened it.</param>
/// <param name="AccountId">The account.</param>
/// <param name="Version">Its version now: 1.</param>
public sealed record AccountCreatedResponse(bool Success, Guid EventId, string AccountId, long Version) : CommandResult;

/// <summary>A deposit or withdrawal made (201).</summary>
/// <param name="Success">Always true.</param>
/// <param name="EventId">The journal event.</param>
/// <param name="Version">The account's version after it.</param>
/// <param name="Balance">The account's balance after it.</param>
public sealed record MoneyMovedResponse(bool Success, Guid EventId, long Version, decimal Balance) : CommandResult;

/// <summary>A write that moves no money (freeze, unfreeze, close, set-overdraft-limit) made (200).</summary>
/// <param name="Success">Always true.</param>
/// <param name="Version">The account's version after it.</param>
public sealed record AccountChangedResponse(bool Success, long Version) : CommandResult;

/// <summary>
/// A transfer answered: completed or held (201, with the account events it made so far), or still running (202:
/// <see cref="Status"/> <c>pending</c>, no events; <see cref="ChronicleClient.GetTransferAsync"/> tells how it ends).
/// A transfer that failed is a <see cref="ChronicleProblemException"/> (422, with the reason as its code).
/// </summary>
/// <param name="Success">True for 201, false while it runs (202).</param>
/// <param name="TransferId">The transfer's id: the caller's, or the one the node made.</param>
/// <param name="Status">One of <see cref="TransferStatuses"/>.</param>
/// <param name="Events">The account events it made so far; empty while it runs, and when a request sent again after it ended is answered from the read model.</param>
public sealed record TransferRecordedResponse(bool Success, string TransferId, string Status, IReadOnlyList<TransferLegResponse>? Events = null) : CommandResult
{
    /// <summary>The account events it made so far; empty while it runs (a 202 lists none).</summary>
    public IReadOnlyList<TransferLegResponse> Events { get; init; } = Events ?? [];

    /// <summary>True when the node answered 202: the transfer is recorded and durable and ends by itself.</summary>
    public bool Running => Status == TransferStatuses.Pending;
}

/// <summary>One account event a transfer made.</summary>
/// <param name="EventId">The journal event.</param>
/// <param name="AccountId">The account it belongs to.</param>
/// <param name="Type">What it is (<c>transfer_out</c>, <c>transfer_in</c>, ...).</param>
public sealed record TransferLegResponse(Guid EventId, string AccountId, string Type);

/// <summary>A hold posted (200: <see cref="Status"/> <c>completed</c>) or its credit still running (202: <c>pending</c>, no amount).</summary>
/// <param name="Success">True for 200.</param>
/// <param name="TransferId">The transfer.</param>
/// <param name="Status">One of <see cref="TransferStatuses"/>.</param>
/// <param name="Amount">What the target was credited; null while the credit runs.</param>
public sealed record TransferPostedResponse(bool Success, string TransferId, string Status, decimal? Amount) : CommandResult;

/// <summary>A hold voided (200: <see cref="Status"/> <c>voided</c>), or still being given back (202: <c>pending</c>).</summary>
/// <param name="Success">True for 200.</param>
/// <param name="TransferId">The transfer.</param>
/// <param name="Status">One of <see cref="TransferStatuses"/>.</param>
public sealed record TransferVoidedResponse(bool Success, string TransferId, string Status) : CommandResult;

/// <summary>The values of a transfer's <c>status</c>.</summary>
public static class TransferStatuses
{
    /// <summary>Recorded and running: its credit not answered yet.</summary>
    public const string Pending = "pending";

    /// <summary>A hold: waiting for post, void or its timeout.</summary>
    public const string Held = "held";

    /// <summary>The target credited.</summary>
    public const string Completed = "completed";

    /// <summary>Refused; the source has its money back (or never gave it).</summary>
    public const string Failed = "failed";

    /// <summary>A hold given back to its source.</summary>
    public const string Voided = "voided";

    /// <summary>A hold that reached its timeout and went back to its source.</summary>
    public const string Expired = "expired";
}
