using Akka.Actor;
using Akka.Serialization;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Ids;
using Chronicle.Domain.Accounts;
using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Direct looks at (and, for fault injection, edits of) the event store's journal table.</summary>
public static class JournalSql
{
    /// <summary>Rows in the journal, or of one persistence id: what "nothing was written" is checked against.</summary>
    public static async Task<long> RowsAsync(string eventStore, string? persistenceId = null)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            persistenceId is null ? "SELECT count(*) FROM journal" : "SELECT count(*) FROM journal WHERE persistence_id = @p", connection);
        if (persistenceId is not null) command.Parameters.AddWithValue("p", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows of the ledger's own entities (accounts, transfers), leaving out Akka's bookkeeping streams ("/sharding/...").</summary>
    public static async Task<long> LedgerRowsAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id NOT LIKE '/%'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Each ledger stream (accounts, transfers; not Akka's "/sharding/..."), in persistence id order: its rows and its last sequence number.</summary>
    public static async Task<IReadOnlyList<(string PersistenceId, long Rows, long Last)>> LedgerStreamsAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, count(*), max(sequence_number) FROM journal WHERE persistence_id NOT LIKE '/%' GROUP BY 1 ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var streams = new List<(string, long, long)>();
        while (await reader.ReadAsync()) streams.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return streams;
    }

    /// <summary>Journal positions (ordering) of the ledger's own events, ascending: what the audit log must hold, each once.</summary>
    public static Task<IReadOnlyList<long>> LedgerOrderingsAsync(string eventStore) =>
        SqlColumn.LongsAsync(eventStore, "SELECT ordering FROM journal WHERE persistence_id NOT LIKE '/%' ORDER BY ordering");

    /// <summary>
    /// Transfers whose source has a write still to come: money left it and the target's answer is not recorded yet, or a
    /// hold its target was told of ended there and the target's release is not confirmed yet. A source answers its client
    /// as soon as the credit (or the release) is durable and records that right after: a test counting journal rows waits
    /// for this to reach zero first.
    /// </summary>
    public static async Task<long> TransfersInFlightAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM (
                SELECT e->>'transfer_id' AS transfer_id,
                       bool_or(manifest IN ('TransferSent.v1', 'HoldPosted.v1')) AS sent,
                       bool_or(manifest IN ('TransferSettled.v1', 'TransferReturned.v1')) AS answered,
                       bool_or(manifest = 'TransferHeld.v1' AND COALESCE((e->>'pending_at_target')::boolean, false)) AS told,
                       bool_or(manifest IN ('HoldReleased.v1', 'TransferReturned.v1')) AS ended_at_source,
                       bool_or(manifest IN ('HoldReleaseConfirmed.v1', 'HoldRefused.v1', 'TransferSettled.v1')) AS over
                FROM (SELECT manifest, convert_from(message, 'UTF8')::json AS e FROM journal
                      WHERE manifest IN ('TransferSent.v1', 'HoldPosted.v1', 'TransferSettled.v1', 'TransferReturned.v1', 'TransferHeld.v1',
                                         'HoldReleased.v1', 'HoldReleaseConfirmed.v1', 'HoldRefused.v1')
                      UNION ALL
                      -- The settlements a transfer carries (Settlements), each as if written alone.
                      SELECT 'TransferSettled.v1', settled FROM journal,
                             json_array_elements(convert_from(message, 'UTF8')::json -> 'settles') AS settled
                      WHERE manifest = 'TransferSent.v1') AS rows
                GROUP BY 1) AS transfers
            WHERE (sent AND NOT answered) OR (told AND ended_at_source AND NOT over)
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows of one stream with one event manifest: how "applied exactly once" is checked.</summary>
    public static async Task<long> CountAsync(string eventStore, string persistenceId, string manifest)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal WHERE persistence_id = @p AND manifest = @m", connection);
        command.Parameters.AddWithValue("p", persistenceId);
        command.Parameters.AddWithValue("m", manifest);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The Idempotency-Key of every account event that has one, once per event: a key applied twice is listed
    /// twice. As the client sent it: the gateway stores it behind its caller's scope (16 hex digits and a colon),
    /// taken off here, so the keys of several API keys are not told apart.
    /// </summary>
    public static async Task<IReadOnlyList<string>> IdempotencyKeysAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT regexp_replace(convert_from(message, 'UTF8')::json->'idempotency'->>'key', '^[0-9a-f]{16}:', '') FROM journal " +
            "WHERE persistence_id LIKE 'account-%' AND convert_from(message, 'UTF8')::json->'idempotency' IS NOT NULL", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>How many account events recorded a balance after them, and how many of those balances were negative.</summary>
    public static async Task<(long Recorded, long Negative)> BalancesRecordedAsync(string eventStore)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(b), count(*) FILTER (WHERE b < 0) FROM (SELECT (convert_from(message, 'UTF8')::json->>'balance_after_minor_units')::bigint AS b " +
            "FROM journal WHERE persistence_id LIKE 'account-%') recorded", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Every event of one account from version 1, read straight from the journal table and deserialized
    /// with the node's serializers: a full replay that shares no code with the ledger's readers.
    /// </summary>
    public static async Task<IReadOnlyList<IAccountEvent>> AccountEventsAsync(string eventStore, string accountId, Serialization serialization)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT sequence_number, message, identifier, manifest FROM journal WHERE persistence_id = @p ORDER BY sequence_number", connection);
        command.Parameters.AddWithValue("p", PersistenceIds.Account(accountId));
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<IAccountEvent>();
        while (await reader.ReadAsync())
        {
            Assert.Equal(events.Count + 1, reader.GetInt64(0));
            var stored = serialization.Deserialize(reader.GetFieldValue<byte[]>(1), reader.GetInt32(2), reader.GetString(3));
            events.Add(stored is ChainedEvent chained ? chained.Event : (IAccountEvent)stored);
        }
        return events;
    }

    /// <summary>The sequence numbers of one stream's snapshots, ascending.</summary>
    public static async Task<List<long>> SnapshotSequenceNumbersAsync(string eventStore, string persistenceId)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT sequence_number FROM snapshot WHERE persistence_id = @p ORDER BY sequence_number", connection);
        command.Parameters.AddWithValue("p", persistenceId);
        var result = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetInt64(0));
        return result;
    }

    /// <summary>
    /// Writes an event into a stream as the journal plugin would (serialized by the node's own serializer),
    /// or, when the stream already has that sequence number, rewrites it in place: a bad event slipped into
    /// the journal, and its repair.
    /// </summary>
    public static async Task WriteEventAsync(string eventStore, ActorSystem system, string persistenceId, long sequenceNr, object @event)
    {
        var serializer = system.Serialization.FindSerializerFor(@event);
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            VALUES (@created, false, @pid, @seq, @message, @manifest, @identifier, @writer)
            ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET message = EXCLUDED.message, manifest = EXCLUDED.manifest
            """, connection);
        command.Parameters.AddWithValue("created", DateTime.UtcNow.Ticks);
        command.Parameters.AddWithValue("pid", persistenceId);
        command.Parameters.AddWithValue("seq", sequenceNr);
        command.Parameters.AddWithValue("message", serializer.ToBinary(@event));
        command.Parameters.AddWithValue("manifest", Akka.Serialization.Serialization.ManifestFor(serializer, @event));
        command.Parameters.AddWithValue("identifier", serializer.Identifier);
        command.Parameters.AddWithValue("writer", Guid.NewGuid().ToString());
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Tampers with one event as someone with write access to the database could: <paramref name="from"/> replaced by
    /// <paramref name="to"/> in the JSON of its row's payload (the <c>message</c> column). Fails unless exactly one row changed.
    /// </summary>
    public static async Task EditPayloadAsync(string eventStore, string persistenceId, long sequenceNr, string from, string to)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE journal SET message = convert_to(replace(convert_from(message, 'UTF8'), @from, @to), 'UTF8') " +
            "WHERE persistence_id = @p AND sequence_number = @seq AND position(@from in convert_from(message, 'UTF8')) > 0", connection);
        command.Parameters.AddWithValue("p", persistenceId);
        command.Parameters.AddWithValue("seq", sequenceNr);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>The hash chain's value in one row's payload, or in one snapshot (<c>chain_head</c>); null when it has none.</summary>
    public static Task<string?> StoredHashAsync(string eventStore, string persistenceId, long sequenceNr, bool snapshot = false) => snapshot
        ? StoredMemberAsync(eventStore, "SELECT convert_from(snapshot, 'UTF8')::json->>'chain_head' FROM snapshot WHERE persistence_id = @p AND sequence_number = @seq", persistenceId, sequenceNr)
        : StoredMemberAsync(eventStore, persistenceId, sequenceNr, "chain_hash");

    /// <summary>The top-level string <paramref name="member"/> of one row's payload; null when it has none.</summary>
    public static Task<string?> StoredMemberAsync(string eventStore, string persistenceId, long sequenceNr, string member) =>
        StoredMemberAsync(eventStore, "SELECT convert_from(message, 'UTF8')::json->>@member FROM journal WHERE persistence_id = @p AND sequence_number = @seq",
            persistenceId, sequenceNr, member);

    private static async Task<string?> StoredMemberAsync(string eventStore, string sql, string persistenceId, long sequenceNr, string? member = null)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", persistenceId);
        command.Parameters.AddWithValue("seq", sequenceNr);
        if (member is not null) command.Parameters.AddWithValue("member", member);
        return await command.ExecuteScalarAsync() as string;
    }

    public static async Task ExecuteAsync(string eventStore, string sql)
    {
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
