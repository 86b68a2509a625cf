namespace Chronicle.Domain.Accounts;

/// <summary>What a successful write answered, kept so a retry under the same key gets the same answer.</summary>
public sealed record RememberedWrite(
    string AccountId,
    string RequestFingerprint,
    Guid EventId,
    long Version,
    long BalanceAfterMinorUnits,
    DateTimeOffset OccurredAt)
{
    /// <summary>The write <paramref name="event"/> recorded as <paramref name="version"/> of its account; null for an event without a key.</summary>
    public static RememberedWrite? Of(IAccountEvent @event, long version) =>
        @event.Idempotency is { } stamp
            ? new RememberedWrite(@event.AccountId, stamp.RequestFingerprint, @event.EventId, version, BalanceAfter(@event), @event.OccurredAt)
            : null;

    /// <summary>The balance a write's answer shows: a money movement's; status changes show none (0).</summary>
    private static long BalanceAfter(IAccountEvent @event) => @event switch
    {
        AccountCreated e => e.InitialBalanceMinorUnits,
        MoneyDeposited e => e.BalanceAfterMinorUnits,
        MoneyWithdrawn e => e.BalanceAfterMinorUnits,
        TransferSent e => e.BalanceAfterMinorUnits,
        HoldPosted e => e.BalanceAfterMinorUnits,
        TransferCredited e => e.BalanceAfterMinorUnits,
        _ => 0,
    };
}

/// <summary>What an account's memory can say about a key.</summary>
public enum Recall
{
    /// <summary>The key is in memory: <see cref="IdempotencyMemory.Find"/> has its write.</summary>
    Remembered,

    /// <summary>Certainly not used within the retention: memory holds every key since then.</summary>
    New,

    /// <summary>Memory cannot tell: keys within the retention were forgotten for space. Ask the durable record.</summary>
    Unknown,
}

/// <summary>
/// The idempotency keys one account has seen recently, beside its state rather than in it: bounded to
/// <see cref="Capacity"/> keys, oldest forgotten first, and honest about what it forgot. It never guesses:
/// a key it does not hold is <see cref="Recall.New"/> only while it still holds every key used within
/// the retention, and <see cref="Recall.Unknown"/> otherwise, which sends the account to the durable record
/// (the journal itself, where each keyed event is indexed by its key). So a key is exact for the whole
/// retention whatever the traffic, memory per account is bounded whatever the traffic, and the cost of
/// an overflowing memory is a lookup, never a wrong answer.
///
/// Pure (no clock, no I/O): times are the events' own and the caller's "now". Not thread-safe; one
/// account actor owns one.
/// </summary>
public sealed class IdempotencyMemory
{
    private readonly Dictionary<string, RememberedWrite> _byKey = new(StringComparer.Ordinal);
    private readonly Queue<string> _oldestFirst = new();

    /// <summary>
    /// Every key used after this instant is held. <see cref="DateTimeOffset.MinValue"/>: every key the
    /// account ever saw is held.
    /// </summary>
    private DateTimeOffset _completeAfter = DateTimeOffset.MinValue;

    public IdempotencyMemory(int capacity, TimeSpan retention)
    {
        Invariant.Require(capacity >= 1, $"an idempotency memory holds at least one key, not {capacity}");
        Invariant.Require(retention > TimeSpan.Zero, $"idempotency retention must be positive, not {retention}");
        Capacity = capacity;
        Retention = retention;
    }

    public int Capacity { get; }

    public TimeSpan Retention { get; }

    public int Count => _byKey.Count;

    public RememberedWrite? Find(string key) => _byKey.GetValueOrDefault(key);

    public Recall Recall(string key, DateTimeOffset now)
    {
        if (_byKey.ContainsKey(key)) return Accounts.Recall.Remembered;
        // Keys used at or before _completeAfter may be missing; if that is past the retention, they may be forgotten.
        return _completeAfter <= now - Retention ? Accounts.Recall.New : Accounts.Recall.Unknown;
    }

    /// <summary>Remembers a write; keys must come in the order their events were written.</summary>
    public void Remember(string key, RememberedWrite write)
    {
        Invariant.Require(!_byKey.ContainsKey(key), $"idempotency key '{key}' remembered twice");
        _byKey.Add(key, write);
        _oldestFirst.Enqueue(key);

        while (_oldestFirst.TryPeek(out var oldestKey))
        {
            var oldest = _byKey[oldestKey];
            var expired = write.OccurredAt - oldest.OccurredAt > Retention;
            if (!expired && _byKey.Count <= Capacity) break;
            _oldestFirst.Dequeue();
            _byKey.Remove(oldestKey);
            if (oldest.OccurredAt > _completeAfter) _completeAfter = oldest.OccurredAt;
        }

        Invariant.Require(_byKey.Count == _oldestFirst.Count && _byKey.Count <= Capacity,
            $"idempotency memory holds {_byKey.Count} keys in a queue of {_oldestFirst.Count}, capacity {Capacity}");
    }

    /// <summary>
    /// Keys used up to <paramref name="instant"/> may be missing: the account started from a snapshot
    /// taken then, and what it recalls of the time before comes from the durable record.
    /// </summary>
    public void MissingUpTo(DateTimeOffset instant)
    {
        if (instant > _completeAfter) _completeAfter = instant;
    }

    /// <summary>
    /// The durable record gave back every keyed write since <paramref name="since"/> (oldest first), or,
    /// with <paramref name="complete"/> false, only the newest of them: memory is whole again from there.
    /// </summary>
    public void Restore(IReadOnlyList<(string Key, RememberedWrite Write)> oldestFirst, DateTimeOffset since, bool complete)
    {
        Invariant.Require(_byKey.Count == 0, "keys are restored into an empty memory");
        foreach (var (key, write) in oldestFirst) Remember(key, write);
        _completeAfter = complete ? since : oldestFirst.Count > 0 ? oldestFirst[0].Write.OccurredAt : since;
    }
}
