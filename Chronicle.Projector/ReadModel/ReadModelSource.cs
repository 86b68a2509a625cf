using Chronicle.Actors.EventStore;
using Npgsql;

namespace Chronicle.Projector.ReadModel;

/// <summary>
/// Which event store a read model belongs to (table read_model_source). A read model filled from one event store and
/// then fed another's stream (a connection string pointed at the wrong database, a journal restored without its read
/// model) would mix two ledgers: entity versions that do not follow, rows that collide, a projector retrying forever.
/// The projector asks this before it applies anything.
/// </summary>
internal static class ReadModelSource
{
    /// <summary>
    /// Records the event store as the read model's source when it has none (a new, rebuilt or older read model) and
    /// says whether the read model's source is that event store.
    /// </summary>
    /// <returns>Null when it is; otherwise why the projector must not apply anything, for the operator.</returns>
    public static async Task<string?> CheckAsync(NpgsqlDataSource readModel, string eventStoreConnectionString, CancellationToken cancellationToken)
    {
        var eventStore = await EventStoreIdentity.ReadAsync(eventStoreConnectionString, cancellationToken);
        await using (var claim = readModel.CreateCommand("INSERT INTO read_model_source (event_store_id) VALUES ($1) ON CONFLICT (singleton) DO NOTHING"))
        {
            claim.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventStore });
            await claim.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var read = readModel.CreateCommand("SELECT event_store_id FROM read_model_source");
        // Only the projector group writes or empties the table, one step at a time: the claim's row is there.
        var recorded = await read.ExecuteScalarAsync(cancellationToken) as Guid? ?? throw new InvalidOperationException("read_model_source is empty after its claim");
        return recorded == eventStore
            ? null
            : $"the read model was projected from event store {recorded}, and this cluster's event store is {eventStore}: " +
              "point Chronicle:ReadModel at the read model of this event store, or rebuild this one from it (./chronicle rebuild)";
    }
}
