namespace Chronicle.Client;

/// <summary>
/// When a request is tried again: after no answer (a connection refused or cut, a timeout) and after 503
/// <c>unavailable</c> or 429 <c>rate_limited</c>, up to <see cref="MaxAttempts"/> tries in all, with exponential backoff from
/// <see cref="FirstDelay"/> (and jitter), never shorter than the answer's Retry-After and never longer than
/// <see cref="MaxDelay"/>. A read is always safe to retry; a write is retried only under an Idempotency-Key (the same one
/// each time), so that the node applies it at most once, and a batch only when each of its commands has a key.
/// </summary>
public sealed record ChronicleRetryPolicy
{
    private readonly int _maxAttempts = 4;

    /// <summary>4 tries, 200 ms to 5 s apart.</summary>
    public static ChronicleRetryPolicy Default { get; } = new();

    /// <summary>One try: every failure goes to the caller.</summary>
    public static ChronicleRetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Tries of one call in all, the first included; 1 or more.</summary>
    public int MaxAttempts
    {
        get => _maxAttempts;
        init => _maxAttempts = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAttempts), value, "at least 1");
    }

    /// <summary>The pause before the first retry; each next one doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause between two tries, a Retry-After included.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The pause before retry number <paramref name="retry"/> (1 for the second try).</summary>
    /// <param name="retry">Which retry: 1 or more.</param>
    /// <param name="retryAfter">What the last answer asked for, when it did.</param>
    internal TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        var backoff = FirstDelay * Math.Pow(2, Math.Min(retry - 1, 16));
        // Jitter over the upper half: clients that failed together do not come back together.
        var jittered = backoff * (0.5 + Random.Shared.NextDouble() / 2);
        var wait = retryAfter is { } asked && asked > jittered ? asked : jittered;
        return wait < MaxDelay ? wait : MaxDelay;
    }
}
