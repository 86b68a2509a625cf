using System.ComponentModel.DataAnnotations;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// How the journal → JetStream forwarder runs (section Chronicle:Forwarder). Where NATS is comes from
/// the node's Chronicle:Nats (<see cref="Hosting.LedgerOptions.NatsUrl"/>), set by the hosting code.
/// </summary>
public sealed record ForwarderOptions : IValidatableObject
{
    /// <summary>Not a setting of its own: the ledger's NATS URL, set by <see cref="EventForwarderHosting"/>.</summary>
    public string NatsUrl { get; internal init; } = "";

    /// <summary>
    /// How long JetStream remembers a Nats-Msg-Id. A re-publish happens when two forwarders overlap
    /// (a singleton hand-over after a partition: split-brain resolver's 15 s, removal, hand-over, a
    /// restart backoff of up to <see cref="MaxBackoffMilliseconds"/>); ten minutes covers that many times over.
    /// The server keeps every id of the window in memory, about 100 bytes each.
    /// </summary>
    [Range(60, 86_400)]
    public int DuplicateWindowSeconds { get; init; } = 600;

    public TimeSpan DuplicateWindow => TimeSpan.FromSeconds(DuplicateWindowSeconds);

    /// <summary>
    /// Servers of the JetStream cluster that keep a copy of the stream (and of the projector's consumers,
    /// which follow the stream). 1: a server of its own, whose loss stops the feed until it is back. 3 on a
    /// three-server cluster (<c>up --ha</c>): a message is acknowledged once two servers hold it, and the feed
    /// goes on without any one of them. At most the cluster's size, or creating the stream fails (and the
    /// forwarder retries, saying why); JetStream allows up to 5.
    /// </summary>
    [Range(1, 5)]
    public int StreamReplicas { get; init; } = 1;

    /// <summary>
    /// The most the stream keeps, on each server holding a copy; beyond it the oldest messages go (the journal keeps every
    /// event: a consumer that falls behind them catches up from it, docs/EVENT-FEED.md "Retention"). Without a limit the
    /// stream grew until JetStream's storage (by default 75% of the disk free when nats-server started) was full, and every
    /// publish was refused from then on. JetStream reserves this much of its storage when the stream is made, so it must
    /// fit in what the servers give JetStream, or creating the stream fails and the forwarder retries, saying why.
    /// 4 GiB holds about four million events (~1 KB each on the stream).
    /// </summary>
    [Range(1L << 20, 1L << 40)]
    public long StreamMaxBytes { get; init; } = 4L << 30;

    /// <summary>
    /// The longest the journal goes unread: the fallback behind the push (<see cref="JournalWrites"/>). A write by an
    /// account on the forwarder's own node is read at once; one on another ledger node waits for this poll, and so does
    /// a hole passed after <see cref="GapTimeoutSeconds"/>. One small indexed query per interval when idle.
    /// </summary>
    [Range(1, 600_000)]
    public int PollIntervalMilliseconds { get; init; } = 50;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMilliseconds);

    /// <summary>
    /// How long a hole in the journal's ordering is waited for before it is taken as a rolled-back
    /// insert. It must exceed the longest a journal transaction can stay open, which the event store
    /// bounds on the server (<see cref="JournalTransactionBound"/>); otherwise a late commit is skipped.
    /// The price: each permanent hole (a failed write, a database crash) holds the feed back this long.
    /// </summary>
    [Range(1, 3_600)]
    public int GapTimeoutSeconds { get; init; } = 30;

    public TimeSpan GapTimeout => TimeSpan.FromSeconds(GapTimeoutSeconds);

    /// <summary>Connect, request and publish-acknowledgement timeout towards NATS.</summary>
    [Range(100, 600_000)]
    public int PublishTimeoutMilliseconds { get; init; } = 5_000;

    public TimeSpan PublishTimeout => TimeSpan.FromMilliseconds(PublishTimeoutMilliseconds);

    /// <summary>
    /// Most events published before their acknowledgements are awaited. Batches form only from
    /// a backlog (what arrives while the previous batch is acknowledged), never by waiting. Larger
    /// ones drain a backlog faster but must be acknowledged within <see cref="PublishTimeoutMilliseconds"/>.
    /// </summary>
    [Range(1, 100_000)]
    public int PublishBatchEvents { get; init; } = 1000;

    /// <summary>How often the journal is asked for the oldest event not yet on the stream (the lag metric).</summary>
    [Range(100, 3_600_000)]
    public int LagProbeIntervalMilliseconds { get; init; } = 5_000;

    public TimeSpan LagProbeInterval => TimeSpan.FromMilliseconds(LagProbeIntervalMilliseconds);

    /// <summary>First restart delay of a failed forwarder; doubles up to <see cref="MaxBackoffMilliseconds"/>.</summary>
    [Range(1, 600_000)]
    public int MinBackoffMilliseconds { get; init; } = 500;

    public TimeSpan MinBackoff => TimeSpan.FromMilliseconds(MinBackoffMilliseconds);

    [Range(1, 600_000)]
    public int MaxBackoffMilliseconds { get; init; } = 30_000;

    public TimeSpan MaxBackoff => TimeSpan.FromMilliseconds(MaxBackoffMilliseconds);

    /// <summary>A forwarder that has run this long without failing starts its next backoff from the minimum again.</summary>
    [Range(1, 3_600_000)]
    public int ResetBackoffAfterMilliseconds { get; init; } = 10_000;

    public TimeSpan ResetBackoffAfter => TimeSpan.FromMilliseconds(ResetBackoffAfterMilliseconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GapTimeout < 2 * JournalTransactionBound.Longest)
            yield return new ValidationResult(
                $"{GapTimeoutSeconds} is below twice the longest journal transaction; allowed: at least {(2 * JournalTransactionBound.Longest).TotalSeconds:0}, or a late commit would be skipped",
                [nameof(GapTimeoutSeconds)]);
        if (MaxBackoffMilliseconds < MinBackoffMilliseconds)
            yield return new ValidationResult($"{MaxBackoffMilliseconds} is below {nameof(MinBackoffMilliseconds)} ({MinBackoffMilliseconds}); allowed: at least that",
                [nameof(MaxBackoffMilliseconds)]);
    }
}
