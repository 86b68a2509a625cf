using System.Runtime.CompilerServices;
using Akka.Actor;
using Chronicle.Actors.EventStore;
using Npgsql;

namespace Chronicle.Projector.Verification;

/// <summary>
/// Reads entities' whole histories straight from the journal table, one entity at a time in
/// (persistence id, sequence number) order, deserialized as the journal plugin does: the source of
/// truth that <c>verify</c> folds. Plain SQL that PostgreSQL and CockroachDB both run, streamed, so
/// a journal of millions of events is never held in memory at once.
/// </summary>
public sealed class JournalScan(string eventStoreConnectionString, ActorSystem system)
{
    private readonly Akka.Serialization.Serialization _serialization = system.Serialization;

    /// <summary>Every entity of <paramref name="entityType"/> (or only <paramref name="entityIds"/>), with its events in order.</summary>
    public async IAsyncEnumerable<(string EntityId, IReadOnlyList<object> Events)> EntitiesAsync(string entityType, IReadOnlyCollection<string>? entityIds,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = entityType + "-";
        await using var connection = new NpgsqlConnection(eventStoreConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(entityIds is null
            ? $"SELECT persistence_id, {JournalPayload.Columns} FROM journal WHERE persistence_id LIKE $1 AND NOT deleted ORDER BY persistence_id, sequence_number"
            : $"SELECT persistence_id, {JournalPayload.Columns} FROM journal WHERE persistence_id = ANY($2) AND NOT deleted ORDER BY persistence_id, sequence_number",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix + "%" });
        if (entityIds is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = entityIds.Select(id => prefix + id).ToArray() });
        // A long scan must not be cut by the event store's transaction bound meant for writes.
        command.CommandTimeout = 0;

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? current = null;
        var events = new List<object>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var persistenceId = reader.GetString(0);
            if (persistenceId != current)
            {
                if (current is not null) yield return (current[prefix.Length..], events);
                current = persistenceId;
                events = [];
            }
            events.Add(JournalPayload.Read(reader, 1, _serialization));
        }
        if (current is not null) yield return (current[prefix.Length..], events);
    }
}
