using System.ComponentModel.DataAnnotations;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Consumers;

namespace Chronicle.Projector;

/// <summary>
/// How the read-model projector runs (section Chronicle:Projector). Where the read model and NATS are
/// comes from the node's Chronicle:ReadModel and Chronicle:Nats, given by <see cref="At"/>.
/// </summary>
public sealed record ProjectorOptions : IValidatableObject
{
    /// <summary>Partition n reads through the durable consumer "&lt;prefix&gt;-&lt;n&gt;".</summary>
    public const string ConsumerPrefix = "chronicle-projector";

    /// <summary>Npgsql connection string of the read model (its own PostgreSQL, not the event store's); not a setting of its own.</summary>
    public string ReadModelConnectionString { get; private init; } = "";

    /// <summary>NATS server holding the event feed, e.g. nats://127.0.0.1:14222; not a setting of its own.</summary>
    public string NatsUrl { get; private init; } = "";

    /// <summary>Npgsql connection string of the event store the feed comes from (the read model's source); not a setting of its own.</summary>
    public string EventStoreConnectionString { get; private init; } = "";

    /// <summary>
    /// Most feed events applied in one read-model transaction. Batches form from what the consumer
    /// has buffered, so an idle feed is applied one event at a time, at once.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxBatchEvents { get; init; } = 1000;

    /// <summary>Connect and request timeout towards NATS.</summary>
    [Range(100, 600_000)]
    public int NatsTimeoutMilliseconds { get; init; } = 5_000;

    public TimeSpan NatsTimeout => TimeSpan.FromMilliseconds(NatsTimeoutMilliseconds);

    /// <summary>A delivered message not acknowledged within this is delivered again (and then skipped as already applied).</summary>
    [Range(1, 3_600)]
    public int AckWaitSeconds { get; init; } = 30;

    public TimeSpan AckWait => TimeSpan.FromSeconds(AckWaitSeconds);

    /// <summary>First restart delay of a failed partition, and first wait before a failed rebuild load starts again; doubles up to <see cref="MaxBackoffMilliseconds"/>.</summary>
    [Range(1, 600_000)]
    public int MinBackoffMilliseconds { get; init; } = 500;

    public TimeSpan MinBackoff => TimeSpan.FromMilliseconds(MinBackoffMilliseconds);

    [Range(1, 600_000)]
    public int MaxBackoffMilliseconds { get; init; } = 10_000;

    public TimeSpan MaxBackoff => TimeSpan.FromMilliseconds(MaxBackoffMilliseconds);

    /// <summary>These options for the read model <paramref name="readModel"/> and the feed on <paramref name="natsUrl"/>, from <paramref name="eventStore"/>.</summary>
    public ProjectorOptions At(string readModel, string natsUrl, string eventStore) =>
        this with { ReadModelConnectionString = readModel, NatsUrl = natsUrl, EventStoreConnectionString = eventStore };

    public static string ConsumerName(int partition) => $"{ConsumerPrefix}-{partition}";

    /// <summary>
    /// Partition <paramref name="partition"/>'s durable consumer, with room for several batches in flight:
    /// acknowledging a batch's last message acknowledges the batch.
    /// </summary>
    internal ConsumerPlacement PlacementOf(int partition) =>
        new(ConsumerName(partition), EventFeed.PartitionFilter(partition), AckWait, MaxBatchEvents * 10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBackoffMilliseconds < MinBackoffMilliseconds)
            yield return new ValidationResult($"{MaxBackoffMilliseconds} is below {nameof(MinBackoffMilliseconds)} ({MinBackoffMilliseconds}); allowed: at least that",
                [nameof(MaxBackoffMilliseconds)]);
    }
}
