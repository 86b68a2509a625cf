using System.Collections.Immutable;

namespace Chronicle.Domain.Accounts;

/// <summary>What a successful write answered, kept so a retry under the same key gets the same answer.</summary>
public sealed record RememberedWrite(
    string RequestFingerprint,
    Guid EventId,
    long Version,
    long BalanceAfterMinorUnits,
    DateTimeOffset OccurredAt);

/// <summary>
/// The idempotency keys an account has seen, as part of its state, so they survive restarts
/// through the same events and snapshots as the balance. A pure value: Remember returns a new one.
/// Keys are forgotten only when older than <see cref="Retention"/> (measured in event time, so
/// the fold stays deterministic) or when more than <see cref="MaxKeys"/> are held, oldest first.
/// </summary>
public sealed record IdempotencyMemory(
    ImmutableDictionary<string, RememberedWrite> ByKey,
    ImmutableQueue<string> OldestFirst,
    int Count)
{
    /// <summary>The API contract promises at least 24 hours.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Bounds snapshot size and memory for a hot account: 100k keys ≈ 10 MB.</summary>
    public const int MaxKeys = 100_000;

    public static readonly IdempotencyMemory Empty =
        new(ImmutableDictionary.Create<string, RememberedWrite>(StringComparer.Ordinal), ImmutableQueue<string>.Empty, 0);

    public RememberedWrite? Find(string key) => ByKey.GetValueOrDefault(key);

    public IdempotencyMemory Remember(string key, RememberedWrite write)
    {
        Invariant.Require(!ByKey.ContainsKey(key), $"idempotency key '{key}' remembered twice");
        var byKey = ByKey.Add(key, write);
        var queue = OldestFirst.Enqueue(key);
        var count = Count + 1;

        // Forget from the front while the oldest key is past retention or the memory is over its bound.
        while (!queue.IsEmpty)
        {
            var oldestKey = queue.Peek();
            var oldest = byKey[oldestKey];
            var expired = write.OccurredAt - oldest.OccurredAt > Retention;
            if (!expired && count <= MaxKeys) break;
            queue = queue.Dequeue();
            byKey = byKey.Remove(oldestKey);
            count--;
        }

        return new IdempotencyMemory(byKey, queue, count);
    }
}
