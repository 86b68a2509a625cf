namespace Chronicle.Gateway;

/// <summary>HTTP-side knobs of a node (the ledger's are in LedgerOptions).</summary>
public sealed record GatewaySettings
{
    /// <summary>How long a request waits for its account before answering 503.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long POST /commands/transfer waits for the saga to finish before answering 202.</summary>
    public TimeSpan TransferWait { get; init; } = TimeSpan.FromSeconds(5);
}
