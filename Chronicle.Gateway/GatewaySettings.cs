namespace Chronicle.Gateway;

/// <summary>HTTP-side knobs of a node (the ledger's are in LedgerOptions).</summary>
public sealed record GatewaySettings
{
    /// <summary>How long a request waits for its account before answering 503.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
