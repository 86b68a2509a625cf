using System.Text.Json.Serialization;

namespace Chronicle.Client;

// The transfer writes, as the OpenAPI document's TransferRequest, PostTransferRequest and VoidTransferRequest define them.

/// <summary>
/// <c>POST /commands/transfer</c>: money from one account to another, exactly once or not at all; with
/// <see cref="Hold"/>, a two-phase transfer that waits for <see cref="PostTransferRequest"/> or <see cref="VoidTransferRequest"/>.
/// </summary>
/// <param name="FromAccountId">The source.</param>
/// <param name="ToAccountId">The target, in the same currency.</param>
/// <param name="Amount">Greater than zero, at most the currency's decimal places.</param>
public sealed record TransferRequest(string FromAccountId, string ToAccountId, decimal Amount) : ChronicleCommand<TransferRecordedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "transfer";

    /// <summary>1-500 characters.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The caller's id for the transfer (1-64 of <c>[A-Za-z0-9_-]</c>): the same id sent again is the same transfer. Without
    /// it, the node derives one from the Idempotency-Key.
    /// </summary>
    public string? TransferId { get; init; }

    /// <summary>A hold: the amount leaves the source's available balance and waits, pending at the target.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Hold { get; init; }

    /// <summary>A hold's life in seconds, after which it expires (status <c>expired</c>); with <see cref="Hold"/> only.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>
    /// Labels of the caller's, shown wherever it is and searchable: at most 20 keys of 1-40 characters without <c>[</c> or
    /// <c>]</c>, each to a string of at most 500 characters; no control characters. None when null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary><c>POST /commands/post-transfer</c>: a hold credited to its target, all of it or part (the rest back to the source).</summary>
/// <param name="TransferId">The held transfer.</param>
public sealed record PostTransferRequest(string TransferId) : ChronicleCommand<TransferPostedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "post-transfer";

    /// <summary>What the target is credited, up to the amount held; the whole hold when null.</summary>
    public decimal? Amount { get; init; }
}

/// <summary><c>POST /commands/void-transfer</c>: a hold given back to its source.</summary>
/// <param name="TransferId">The held transfer.</param>
public sealed record VoidTransferRequest(string TransferId) : ChronicleCommand<TransferVoidedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "void-transfer";
}
