using Chronicle.Domain.Accounts;
using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// Time travel's one question of Akka.Persistence.Sql's snapshot table, in plain SQL that PostgreSQL and CockroachDB
/// both run, with the payload read as the plugin writes it (<see cref="JournalTable.Decode"/>). Not through the
/// plugin's <c>LoadSnapshot</c>: that selects <c>created &lt;= T ORDER BY sequence_number DESC</c>, a backward walk of
/// the primary key over every snapshot saved after T (800 of them for an instant a fifth of the way into 100,001
/// events with a snapshot every 100), inside a transaction of its own,
/// through an actor and linq2db. Here it is one probe of <c>snapshot_persistence_id_created_idx</c> (event-store.sql).
/// </summary>
/// <param name="eventStore">Not owned: the caller's, disposed by it.</param>
internal sealed class SnapshotTable(NpgsqlDataSource eventStore)
{
    /// <summary>
    /// The latest snapshot of $1 saved at or before $2 among those at or below $3. On a generic plan (time travel's
    /// connections: <see cref="Settings.DataSources.GenericPlans"/>) it probes snapshot_persistence_id_created_idx; a custom
    /// plan took snapshot_created_idx once one account held most snapshots, and walked back over every account's.
    /// </summary>
    internal const string LatestSql =
        "SELECT sequence_number, snapshot, serializer_id, manifest FROM snapshot " +
        "WHERE persistence_id = $1 AND created <= $2 AND sequence_number <= $3 ORDER BY created DESC LIMIT 1";

    /// <summary>
    /// The snapshot of <paramref name="persistenceId"/> saved last at or before <paramref name="savedAtOrBefore"/> among
    /// those at or below <paramref name="maxSequenceNr"/>, with its sequence number; null when there is none.
    /// </summary>
    public async Task<(long SequenceNr, AccountState State)?> LatestAsync(string persistenceId, DateTimeOffset savedAtOrBefore, long maxSequenceNr,
        CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(LatestSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        // The plugin's created: the snapshot's save time (SnapshotMetadata.Timestamp, UTC) in ticks.
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = savedAtOrBefore.UtcTicks });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = maxSequenceNr });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var state = (AccountState)JournalTable.Decode(reader.GetFieldValue<byte[]>(1), reader.GetInt32(2), reader.GetString(3));
        return (reader.GetInt64(0), state);
    }
}
