using Npgsql;
using Chronicle.Contracts.Feed;

namespace Chronicle.Actors.Pipeline;

/// <summary>The journal side of the feed's lag: the oldest ledger event the stream does not hold yet.</summary>
public static class UnforwardedEvents
{
    /// <summary>
    /// The first ledger event after <paramref name="ordering"/>; null when there is none. One index
    /// range scan on the journal's primary key, stopped at the first ledger row.
    /// </summary>
    public static async Task<UnforwardedEvent?> OldestAsync(NpgsqlDataSource eventStore, long ordering, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            // Akka's own streams ('/sharding/...') are never forwarded (EventFeed.IsAkkaInternal).
            "SELECT ordering, created FROM journal WHERE ordering > $1 AND persistence_id NOT LIKE '/%' ORDER BY ordering LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ordering });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new UnforwardedEvent(reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero))
            : null;
    }
}

/// <param name="WrittenAt">The journal's <c>created</c> (UTC ticks).</param>
public sealed record UnforwardedEvent(long Ordering, DateTimeOffset WrittenAt);
