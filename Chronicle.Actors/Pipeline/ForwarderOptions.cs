using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;

namespace Chronicle.Actors.Pipeline;

/// <summary>How the journal → JetStream forwarder runs. Only <see cref="NatsUrl"/> has no default.</summary>
public sealed record ForwarderOptions
{
    public required string NatsUrl { get; init; }

    public string StreamName { get; init; } = EventFeed.StreamName;

    public string SubjectPrefix { get; init; } = EventFeed.SubjectPrefix;

    /// <summary>
    /// How long JetStream remembers a Nats-Msg-Id. A re-publish happens when two forwarders overlap
    /// (a singleton hand-over after a partition: split-brain resolver's 15 s, removal, hand-over, a
    /// restart backoff of up to <see cref="MaxBackoff"/>); ten minutes covers that many times over.
    /// The server keeps every id of the window in memory, about 100 bytes each.
    /// </summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the journal is asked for new events (read journal refresh and sequence query): the
    /// feed's idle latency, and so most of the read model's (its target is a p99 of 100 ms from write
    /// to query). Two small indexed queries per interval; the gap wait stays <see cref="GapTimeout"/>.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// How long a hole in the journal's ordering is waited for before it is taken as a rolled-back
    /// insert. It must exceed the longest a journal transaction can stay open, which the event store
    /// bounds on the server (<see cref="JournalTransactionBound"/>); otherwise a late commit is skipped.
    /// The price: each permanent hole (a failed write, a database crash) holds the feed back this long.
    /// </summary>
    public TimeSpan GapTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connect, request and publish-acknowledgement timeout towards NATS.</summary>
    public TimeSpan PublishTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most messages published before their acknowledgements are awaited. Batches form only from
    /// a backlog (what arrives while the previous batch is acknowledged), never by waiting. Larger
    /// ones drain a backlog faster but must be acknowledged within <see cref="PublishTimeout"/>.
    /// </summary>
    public int PublishBatchSize { get; init; } = 1000;

    /// <summary>How often the journal is asked for the oldest event not yet on the stream (the lag metric).</summary>
    public TimeSpan LagProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A forwarder that has run this long without failing starts its next backoff from the minimum again.</summary>
    public TimeSpan ResetBackoffAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sequence queries per gap: the read journal gives a hole up after max-tries × query-delay.</summary>
    public int GapMaxTries => (int)Math.Ceiling(GapTimeout / PollInterval);

    public void Validate()
    {
        if (GapTimeout < 2 * JournalTransactionBound.Longest)
            throw new ArgumentException(
                $"GapTimeout {GapTimeout} must be at least twice the longest journal transaction ({JournalTransactionBound.Longest}): a late commit would be skipped");
        if (PublishBatchSize < 1) throw new ArgumentException("PublishBatchSize must be positive");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentException("PollInterval must be positive");
        if (LagProbeInterval <= TimeSpan.Zero) throw new ArgumentException("LagProbeInterval must be positive");
        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff) throw new ArgumentException("need 0 < MinBackoff <= MaxBackoff");
    }
}
