using System.Text;
using Chronicle.Projector.Feed;
using Npgsql;

namespace Chronicle.Projector.Projection;

/// <summary>
/// The dead_letters table's SQL: events the projector could not apply, and the later events of their
/// entities held behind them, until a replay applies them from the journal.
/// </summary>
public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    /// <summary>Arbitrary, fixed, distinct from the migrations' lock: plus the partition, the lock of one partition's writes.</summary>
    private const long PartitionLockBase = 0x43_68_72_6F_6E_44_00; // "ChronD" and the partition

    /// <summary>
    /// Serialises a partition's writers for the rest of the transaction <paramref name="reads"/> runs in: its batches and a
    /// replay of its held entities (which run apart, in the partition's stream and in the group), and a
    /// second projector during a singleton hand-over. Without it, a replay could remove a dead letter a
    /// batch had just added behind it.
    /// </summary>
    internal static void AddLock(ReadBatch reads, int partition) =>
        reads.Add("SELECT pg_advisory_xact_lock($1)", _ => { }).Parameters.Add(new NpgsqlParameter<long> { TypedValue = PartitionLock(partition) });

    /// <summary>The advisory lock key of <paramref name="partition"/>'s writers.</summary>
    internal static long PartitionLock(int partition) => PartitionLockBase + partition;

    /// <summary>The partition's held entities (those with an event in quarantine), filled in once <paramref name="reads"/> ran.</summary>
    internal static HashSet<(string Type, string Id)> AddHeld(ReadBatch reads, int partition)
    {
        var held = new HashSet<(string, string)>();
        reads.Add("SELECT DISTINCT entity_type, entity_id FROM dead_letters WHERE partition = $1", r => held.Add((r.GetString(0), r.GetString(1))))
            .Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        return held;
    }

    /// <summary>Quarantines <paramref name="letters"/>; one already there (a redelivery) is left as it is.</summary>
    internal static void Add(WriteBatch writes, int partition, IReadOnlyList<DeadLetter> letters)
    {
        if (letters.Count == 0) return;
        var command = writes.Add("""
            INSERT INTO dead_letters (entity_type, entity_id, sequence_nr, partition, stream_sequence, event_type, raw_event, error)
            SELECT t, i, s, $4, q, e, r, x FROM unnest($1::text[], $2::text[], $3::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[])
                AS l(t, i, s, q, e, r, x)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = letters.Select(l => l.EntityType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = letters.Select(l => l.EntityId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = letters.Select(l => l.SequenceNr).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long?[]> { TypedValue = letters.Select(l => l.StreamSequence is 0 ? null : (long?)l.StreamSequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = letters.Select(l => l.EventType).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = letters.Select(l => l.Raw).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = letters.Select(l => l.Error).ToArray() });
    }

    /// <summary>Events in quarantine, in all.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM dead_letters");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The held entities (all, or the one named), each with its events in quarantine and the first one's error.</summary>
    public async Task<IReadOnlyList<HeldEntity>> HeldEntitiesAsync((string Type, string Id)? entity, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT DISTINCT ON (entity_type, entity_id) entity_type, entity_id, partition,
                   count(*) OVER (PARTITION BY entity_type, entity_id), error
            FROM dead_letters
            WHERE ($1::text IS NULL OR (entity_type = $1 AND entity_id = $2))
            ORDER BY entity_type, entity_id, sequence_nr NULLS FIRST, id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entity?.Type ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)entity?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var held = new List<HeldEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            held.Add(new HeldEntity(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4)));
        return held;
    }

    /// <summary>Releases an entity: its events are applied (a replay did, in <paramref name="transaction"/>).</summary>
    internal static void AddRemoval(WriteBatch writes, string entityType, string entityId)
    {
        var command = writes.Add("DELETE FROM dead_letters WHERE entity_type = $1 AND entity_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entityType });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = entityId });
    }
}

/// <summary>A dead_letters row: an event in quarantine, and why.</summary>
/// <param name="StreamSequence">0 for an event read from the journal (stored as null).</param>
public sealed record DeadLetter(string EntityType, string EntityId, long? SequenceNr, ulong StreamSequence, string? EventType, string Raw, string Error)
{
    public static DeadLetter Of(UndecodableEvent e) => new(e.EntityType, e.EntityId, e.SequenceNr, e.StreamSequence, e.EventType, e.Raw, e.Error);

    public static DeadLetter Of(FeedEvent e, string error) => new(e.EntityType, e.EntityId, e.SequenceNr, e.StreamSequence, e.EventType, Encoding.UTF8.GetString(e.EventJson.Span), error);

    /// <summary>A readable event held behind an earlier one of its entity, to keep the entity in order.</summary>
    public static DeadLetter Held(FeedEvent e) => Of(e, $"held: an earlier event of {e.EntityType} {e.EntityId} is in quarantine");
}

/// <summary>An entity with events in quarantine: how many, and the error of the first.</summary>
public sealed record HeldEntity(string EntityType, string EntityId, int Partition, long Events, string Error);
