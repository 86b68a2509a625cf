using System.ComponentModel.DataAnnotations;

namespace Chronicle.Actors.Accounts;

/// <summary>Knobs of the account actor, set once per node (section Chronicle:Accounts).</summary>
public sealed record AccountSettings
{
    /// <summary>
    /// A snapshot every this many events; all are kept, so time travel can start from the nearest. 25: a time-travel
    /// answer folds about 12 events instead of 50 (on 1,000,000 events, p99 4.9 ms against 9.3 in two headlines of one
    /// day), for one small snapshot write per 25 events, off the command path, whose cost the hot account's commands did
    /// not show above the machine's noise (docs/ACCOUNTS.md, "Time travel").
    /// </summary>
    [Range(1, 1_000_000)]
    public int SnapshotEveryEvents { get; init; } = 25;

    /// <summary>
    /// Idempotency keys one account keeps in memory, newest first. Not a limit on keys: past it an account
    /// asks the durable record for keys it may have forgotten (docs/ACCOUNTS.md, "Idempotency").
    /// </summary>
    [Range(1, 10_000_000)]
    public int IdempotencyKeysInMemory { get; init; } = 10_000;

    /// <summary>How long a key is kept exactly at the least: the API contract promises 24 hours.</summary>
    [Range(24, 24 * 366)]
    public int IdempotencyRetentionHours { get; init; } = 24;

    public TimeSpan IdempotencyRetention => TimeSpan.FromHours(IdempotencyRetentionHours);

    /// <summary>
    /// How long a transfer (or a post) request waits for the target's credit before its source answers
    /// "pending" (202): the transfer is durable by then and ends by itself. Below the gateway's
    /// CommandAttemptTimeoutMilliseconds (3 s), so the gateway has its answer before it would ask again.
    /// </summary>
    [Range(0, 60_000)]
    public int TransferAnswerWaitMilliseconds { get; init; } = 2_500;

    public TimeSpan TransferAnswerWait => TimeSpan.FromMilliseconds(TransferAnswerWaitMilliseconds);

    /// <summary>The business clock. Replaceable so tests can write history at chosen instants; code, not a setting.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
