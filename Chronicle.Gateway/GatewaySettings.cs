namespace Chronicle.Gateway;

/// <summary>HTTP-side knobs of a node (the ledger's are in LedgerOptions).</summary>
public sealed record GatewaySettings
{
    /// <summary>How long a request waits for its account before answering 503.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one attempt waits before the gateway asks again, for what is safe to ask twice: reads, and
    /// writes under an Idempotency-Key. A message can be lost in transit when its shard is handed over at
    /// that very moment (the shard region drops what it buffered for the shard, to keep the order);
    /// asking again finds the shard at its new home, and the key makes a repeat a replay.
    /// </summary>
    public TimeSpan CommandAttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long POST /commands/transfer waits for the saga to finish before answering 202.</summary>
    public TimeSpan TransferWait { get; init; } = TimeSpan.FromSeconds(5);
}
