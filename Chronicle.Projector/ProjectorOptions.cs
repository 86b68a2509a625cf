using Chronicle.Contracts.Feed;

namespace Chronicle.Projector;

/// <summary>How the read-model projector runs. Only the two addresses have no default.</summary>
public sealed record ProjectorOptions
{
    /// <summary>Npgsql connection string of the read model (its own PostgreSQL, not the event store's).</summary>
    public required string ReadModelConnectionString { get; init; }

    /// <summary>NATS server holding the event feed, e.g. nats://127.0.0.1:14222.</summary>
    public required string NatsUrl { get; init; }

    public string StreamName { get; init; } = EventFeed.StreamName;

    /// <summary>Partition n reads through the durable consumer "&lt;prefix&gt;-&lt;n&gt;".</summary>
    public string ConsumerPrefix { get; init; } = "chronicle-projector";

    /// <summary>
    /// Most feed messages applied in one read-model transaction. Batches form from what the consumer
    /// has buffered (never by waiting), so an idle feed is applied one message at a time, at once.
    /// </summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>Connect and request timeout towards NATS.</summary>
    public TimeSpan NatsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A delivered message not acknowledged within this is delivered again (and then skipped as already applied).</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    public string ConsumerName(int partition) => $"{ConsumerPrefix}-{partition}";
}
