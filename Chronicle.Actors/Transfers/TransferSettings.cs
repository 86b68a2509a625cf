using System.ComponentModel.DataAnnotations;

namespace Chronicle.Actors.Transfers;

/// <summary>Knobs of the transfer saga and its recovery, set once per node (section Chronicle:Transfers).</summary>
public sealed record TransferSettings : IValidatableObject
{
    /// <summary>How long one step waits for its account before it is retried.</summary>
    [Range(100, 600_000)]
    public int StepTimeoutMilliseconds { get; init; } = 10_000;

    public TimeSpan StepTimeout => TimeSpan.FromMilliseconds(StepTimeoutMilliseconds);

    /// <summary>First retry delay when an account is unavailable; doubles up to <see cref="MaxRetryDelayMilliseconds"/>.</summary>
    [Range(1, 600_000)]
    public int FirstRetryDelayMilliseconds { get; init; } = 200;

    public TimeSpan FirstRetryDelay => TimeSpan.FromMilliseconds(FirstRetryDelayMilliseconds);

    [Range(1, 600_000)]
    public int MaxRetryDelayMilliseconds { get; init; } = 10_000;

    public TimeSpan MaxRetryDelay => TimeSpan.FromMilliseconds(MaxRetryDelayMilliseconds);

    /// <summary>
    /// How long a settlement (a transfer's credit confirmed) waits, unwritten, to ride on the source's next transfer before
    /// it is written on its own (docs/TRANSFERS.md). Longer: more settlements ride free (an account sending every 2 s
    /// carries nearly all of them at 5 s, about half at 1 s), and after a crash more credits are sent again to hear
    /// their recorded answers. Only a strong read of the source waits for it (the waiting settlements are written first);
    /// the transfer's answer and the read model do not: the read model shows a transfer completed once it holds the credit.
    /// </summary>
    [Range(1, 60_000)]
    public int SettlementDelayMilliseconds { get; init; } = 5_000;

    public TimeSpan SettlementDelay => TimeSpan.FromMilliseconds(SettlementDelayMilliseconds);

    /// <summary>How often <see cref="TransferRecovery"/> looks for unfinished transfers (it also looks once at start).</summary>
    [Range(10, 3_600_000)]
    public int RecoveryScanIntervalMilliseconds { get; init; } = 10_000;

    public TimeSpan RecoveryScanInterval => TimeSpan.FromMilliseconds(RecoveryScanIntervalMilliseconds);

    /// <summary>Journal orderings one recovery query covers: bounds each query's work when the scan has far to go.</summary>
    [Range(1, 100_000_000)]
    public long RecoveryScanPageOrderings { get; init; } = 100_000;

    /// <summary>Resumed per scan at most; the rest wait for the next scan.</summary>
    [Range(1, 1_000_000)]
    public int MaxResumesPerScan { get; init; } = 1_000;

    /// <summary>The business clock; code, not a setting (tests move it).</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelayMilliseconds < FirstRetryDelayMilliseconds)
            yield return new ValidationResult($"{MaxRetryDelayMilliseconds} is below {nameof(FirstRetryDelayMilliseconds)} ({FirstRetryDelayMilliseconds}); allowed: at least that, the delay only grows",
                [nameof(MaxRetryDelayMilliseconds)]);
    }
}
