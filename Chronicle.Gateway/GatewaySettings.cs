using System.ComponentModel.DataAnnotations;

namespace Chronicle.Gateway;

/// <summary>HTTP-side knobs of a node (section Chronicle:Gateway; the ledger's are in LedgerOptions).</summary>
public sealed record GatewaySettings
{
    /// <summary>How long a request waits for its account before answering 503.</summary>
    [Range(100, 600_000)]
    public int CommandTimeoutMilliseconds { get; init; } = 10_000;

    public TimeSpan CommandTimeout => TimeSpan.FromMilliseconds(CommandTimeoutMilliseconds);

    /// <summary>
    /// How long one attempt waits before the gateway asks again, for what is safe to ask twice: reads, and
    /// writes under an Idempotency-Key. A message can be lost in transit when its shard is handed over at
    /// that very moment (the shard region drops what it buffered for the shard, to keep the order);
    /// asking again finds the shard at its new home, and the key makes a repeat a replay.
    /// </summary>
    [Range(100, 600_000)]
    public int CommandAttemptTimeoutMilliseconds { get; init; } = 3_000;

    public TimeSpan CommandAttemptTimeout => TimeSpan.FromMilliseconds(CommandAttemptTimeoutMilliseconds);
}
