using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// The event store's own id (table event_store_identity, made by event-store.sql): random, made once, never changed.
/// What a read model records as its source, so that a read model is never fed by a store it was not built from.
/// </summary>
public static class EventStoreIdentity
{
    public static async Task<Guid> ReadAsync(string eventStoreConnectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(eventStoreConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT id FROM event_store_identity", connection);
        var id = await command.ExecuteScalarAsync(cancellationToken);
        // The schema script inserts the row in the transaction that creates the table: it cannot be missing.
        return id as Guid? ?? throw new InvalidOperationException("event_store_identity holds no row: run event-store.sql");
    }
}
