namespace Chronicle.Actors.Transfers;

public sealed record TransferSettings
{
    /// <summary>How long one step waits for its account before it is retried.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First retry delay when an account is unavailable; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often <see cref="TransferRecovery"/> looks for unfinished transfers (it also looks once at start).</summary>
    public TimeSpan RecoveryScanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Journal orderings one recovery query covers: bounds each query's work when the scan has far to go.</summary>
    public long RecoveryScanPageOrderings { get; init; } = 100_000;

    /// <summary>Resumed per scan at most; the rest wait for the next scan.</summary>
    public int MaxResumesPerScan { get; init; } = 1_000;

    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
