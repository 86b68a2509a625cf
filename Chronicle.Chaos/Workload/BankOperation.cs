namespace Chronicle.Chaos.Workload;

internal enum OperationKind
{
    Deposit,
    Withdraw,
    Transfer,
}

/// <summary>How a client's operation ended, after every retry it made.</summary>
internal enum Outcome
{
    /// <summary>201 (a transfer: completed).</summary>
    Acknowledged,

    /// <summary>A business refusal (422): nothing was written (a transfer: failed, its money back or never taken).</summary>
    Refused,

    /// <summary>No final answer before the client gave up: written or not, the checker must accept either.</summary>
    Unresolved,
}

/// <summary>
/// One operation as the client saw it, with the key it was sent under every time it was tried (the
/// Idempotency-Key of a deposit or withdrawal, the transfer id of a transfer).
/// </summary>
/// <param name="Answers">Every answer, in order: an HTTP status and problem code ("503 unavailable"), or "timeout".</param>
/// <param name="Took">From the first try to the final answer (or to giving up).</param>
internal sealed record BankOperation(
    OperationKind Kind,
    string Key,
    string AccountId,
    long AmountMinorUnits,
    Outcome Outcome,
    string? RefusalCode,
    IReadOnlyList<string> Answers,
    TimeSpan Took)
{
    /// <summary>Its first try, since the clients began: what places it among the faults.</summary>
    public TimeSpan StartedAt { get; init; }
}
