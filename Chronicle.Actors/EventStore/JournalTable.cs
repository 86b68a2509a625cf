using System.Runtime.CompilerServices;
using System.Runtime.Serialization;
using Chronicle.Actors.Serialization;
using Chronicle.Actors.Settings;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;
using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// Every query this code makes of Akka.Persistence.Sql's journal table, besides the plugin's own:
/// in plain SQL that PostgreSQL and CockroachDB both run, and with the payload read as the plugin
/// writes it (<see cref="LedgerCodec"/>, checked against the row's serializer id). Readers come here
/// because the plugin's read journal costs several times the CPU for the same rows (docs/ACCOUNTS.md,
/// "Time travel"). The schema itself is <see cref="EventStoreSchema"/>'s.
/// </summary>
/// <param name="eventStore">Owned: disposed with this.</param>
public sealed class JournalTable(NpgsqlDataSource eventStore) : IDisposable, IAsyncDisposable
{
    /// <summary>The payload's columns, in the order <see cref="Payload"/> reads them.</summary>
    private const string PayloadColumns = "message, identifier, manifest";

    /// <summary>The events that open a transfer on its source account, and those that end it (or end it there while its target holds nothing).</summary>
    private static readonly string[] TransferOpenedOrEnded =
    [
        LedgerCodec.ManifestOf<TransferSent>(), LedgerCodec.ManifestOf<TransferHeld>(),
        LedgerCodec.ManifestOf<TransferSettled>(), LedgerCodec.ManifestOf<TransferReturned>(), LedgerCodec.ManifestOf<HoldReleased>(),
        LedgerCodec.ManifestOf<HoldRefused>(), LedgerCodec.ManifestOf<HoldReleaseConfirmed>(),
    ];

    public static JournalTable Open(string connectionString) => new(DataSources.Create(connectionString));

    /// <summary>One stream's events after $2, at most $3, in order (<see cref="EventsAfterAsync"/>).</summary>
    internal const string EventsAfterSql =
        $"SELECT sequence_number, {PayloadColumns} FROM journal " +
        "WHERE (persistence_id, sequence_number) > ($1, $2) AND (persistence_id, sequence_number) <= ($1, 9223372036854775807) AND NOT deleted " +
        "ORDER BY persistence_id, sequence_number LIMIT $3";

    /// <summary>The highest ordering written so far; 0 for an empty journal.</summary>
    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand("SELECT COALESCE(MAX(ordering), 0) FROM journal");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Every transfer opened or ended by a row in (<paramref name="after"/>, <paramref name="upTo"/>]: the transfer
    /// recovery's scan. Only the rows of those few event types are read and decoded.
    /// </summary>
    public async Task<List<TransferRows>> TransfersAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            $"SELECT ordering, {PayloadColumns} FROM journal WHERE ordering > $1 AND ordering <= $2 AND manifest = ANY($3) ORDER BY ordering");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = TransferOpenedOrEnded });

        var byTransfer = new Dictionary<string, TransferRows>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ordering = reader.GetInt64(0);
            var e = (IAccountEvent)Payload(reader, 1);
            // A transfer may carry the settlements of earlier ones (Settlements): each ends its own transfer.
            foreach (var settled in Settlements.Of(e)) Note(byTransfer, new TransferRows(settled.TransferId, e.AccountId, 0, Ended: true), ordering);
            if (e is TransferSettled) continue;
            Note(byTransfer, e switch
            {
                TransferSent s => new TransferRows(s.TransferId, s.AccountId, 0, PendingAtTarget: false),
                TransferHeld h => new TransferRows(h.TransferId, h.AccountId, 0, PendingAtTarget: h.PendingAtTarget),
                HoldRefused r => new TransferRows(r.TransferId, r.AccountId, 0, Ended: true),
                HoldReleaseConfirmed c => new TransferRows(c.TransferId, c.AccountId, 0, Ended: true),
                TransferReturned r => new TransferRows(r.TransferId, r.AccountId, 0, EndedHere: true),
                HoldReleased r => new TransferRows(r.TransferId, r.AccountId, 0, EndedHere: true),
                var other => throw new SerializationException($"{other.GetType().Name} neither opens nor ends a transfer"),
            }, ordering);
        }
        return [.. byTransfer.Values];
    }

    /// <summary>Adds what one row says of a transfer to what the scan has seen of it.</summary>
    private static void Note(Dictionary<string, TransferRows> byTransfer, TransferRows row, long ordering) =>
        byTransfer[row.TransferId] = byTransfer.TryGetValue(row.TransferId, out var seen)
            ? seen with
            {
                PendingAtTarget = seen.PendingAtTarget ?? row.PendingAtTarget,
                Ended = seen.Ended || row.Ended,
                EndedHere = seen.EndedHere || row.EndedHere,
            }
            : row with { FirstOrdering = ordering };

    /// <summary>
    /// The first ledger event after <paramref name="ordering"/>, null when there is none: the journal side
    /// of the feed's lag. One index range scan on the primary key, stopped at the first ledger row.
    /// </summary>
    public async Task<UnforwardedEvent?> FirstLedgerEventAfterAsync(long ordering, CancellationToken cancellationToken)
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

    /// <summary>
    /// The journal's rows after <paramref name="ordering"/>, Akka's own among them, at most <paramref name="limit"/>, by ordering:
    /// what the feed follows (<see cref="Pipeline.JournalFollower"/>). One range scan of the primary key; payloads are
    /// read but decoded only when asked (<see cref="JournalRow.Event"/>). Deleted or not: a ledger event is never deleted.
    /// </summary>
    public async Task<List<JournalRow>> RowsAfterAsync(long ordering, int limit, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            $"SELECT ordering, persistence_id, sequence_number, created, {PayloadColumns} FROM journal WHERE ordering > $1 ORDER BY ordering LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ordering });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<JournalRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new JournalRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetFieldValue<byte[]>(4), reader.GetInt32(5), reader.IsDBNull(6) ? "" : reader.GetString(6)));
        return rows;
    }

    /// <summary>
    /// One stream's events after <paramref name="afterSequenceNr"/>, in order, at most <paramref name="limit"/>, as
    /// the plugin replays them (deleted rows skipped); the (persistence_id, sequence_number) key serves it. Read
    /// lazily: a caller that stops early leaves the rest of the page unread and undeserialized.
    /// </summary>
    /// <remarks>
    /// The range is a row comparison on (persistence_id, sequence_number), which only the journal's unique key serves. Written as
    /// <c>persistence_id = $1 AND sequence_number &gt; $2</c>, PostgreSQL took the sequence_number index once one account was a
    /// large share of the journal, and walked every account's rows past $2: 760 ms and 93,022 buffers for a page early in an
    /// account of 1,000,000 events (half the journal), against 13 buffers this way (docs/BENCHMARKS.md, Notes).
    /// </remarks>
    public async IAsyncEnumerable<(long SequenceNr, object Event)> EventsAfterAsync(string persistenceId, long afterSequenceNr, int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(EventsAfterSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequenceNr });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return (reader.GetInt64(0), Payload(reader, 1));
    }

    /// <summary>
    /// The events written under the idempotency tags <paramref name="tags"/>, in no order; a tag no event was written
    /// under has no row. One probe of the unique index on <c>tags</c> per tag, in one round trip (the repeated
    /// <c>tags &lt;&gt; ''</c> lets a generic plan use the partial index).
    /// </summary>
    public async Task<List<TaggedEvent>> FindTaggedAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            $"SELECT persistence_id, sequence_number, {PayloadColumns} FROM journal WHERE tags = ANY($1) AND tags <> '' AND NOT deleted");
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tags.Select(IdempotencyTag.Column).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<TaggedEvent>(tags.Count);
        while (await reader.ReadAsync(cancellationToken)) found.Add(new TaggedEvent(reader.GetString(0), reader.GetInt64(1), Payload(reader, 2)));
        return found;
    }

    /// <summary>
    /// The event that opened transfer <paramref name="transferId"/> on its source account (<see cref="TransferSent"/> or
    /// <see cref="TransferHeld"/>), null when none did: its <c>AccountId</c> is the source. That event is tagged with
    /// the key the transfer started under, whose tag is one of three: the id itself (an id the gateway derived from the
    /// client's key), the key_digest the id is bound under in <c>transfer_keys</c> (an id the client named), or the tag
    /// of the transfer's own start key (an id the gateway made, no client key). One round trip, at most three probes
    /// of the unique index on <c>tags</c>; a row under those tags that is no opening of this transfer (the key's tag
    /// of a deposit, say) is passed over.
    /// </summary>
    public async Task<IAccountEvent?> FindTransferOpeningAsync(string transferId, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            $"SELECT {PayloadColumns} FROM journal WHERE tags IN ($1, $2, " +
            "(SELECT ';' || key_digest || ';' FROM transfer_keys WHERE transfer_id = $3)) AND tags <> '' AND NOT deleted");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = IdempotencyTag.Column(transferId) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = IdempotencyTag.Column(IdempotencyTag.Of(TransferStart.KeyOf(transferId))) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = transferId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var opening = Payload(reader, 0) switch
            {
                TransferSent e when e.TransferId == transferId => e,
                TransferHeld e when e.TransferId == transferId => e,
                _ => (IAccountEvent?)null,
            };
            if (opening is not null) return opening;
        }
        return null;
    }

    /// <summary>
    /// How transfer <paramref name="transferId"/> ended on its source account: the source's events after the one that
    /// opened it (<paramref name="openingEventId"/>), read page by page up to the one that ended it (settled, returned,
    /// released), with the amount posted if it was a hold. Null while it has not ended. For a node without a read model.
    /// </summary>
    public async Task<TransferEnd?> TransferEndAsync(string sourceAccountId, string transferId, Guid openingEventId, CancellationToken cancellationToken)
    {
        var persistenceId = PersistenceIds.Account(sourceAccountId);
        var (after, opened) = (0L, false);
        long? postedMinorUnits = null;
        while (true)
        {
            var read = false;
            await foreach (var (sequenceNr, payload) in EventsAfterAsync(persistenceId, after, 1_000, cancellationToken))
            {
                (read, after) = (true, sequenceNr);
                if (payload is not IAccountEvent e) continue;
                if (!opened)
                {
                    opened = e.EventId == openingEventId;
                    continue;
                }
                if (Settlements.Of(e).Any(s => s.TransferId == transferId)) return new TransferEnd("completed", null, postedMinorUnits, e.OccurredAt);
                switch (e)
                {
                    case HoldPosted p when p.TransferId == transferId:
                        postedMinorUnits = p.AmountMinorUnits;
                        break;
                    case TransferReturned r when r.TransferId == transferId:
                        return new TransferEnd("failed", r.Reason, postedMinorUnits, r.OccurredAt);
                    case HoldReleased h when h.TransferId == transferId:
                        return new TransferEnd(h.Reason, null, null, h.OccurredAt);
                    case HoldRefused h when h.TransferId == transferId:
                        return new TransferEnd("failed", h.Reason, null, h.OccurredAt);
                }
            }
            if (!read) return null;
        }
    }

    /// <summary>
    /// One stream's tagged (keyed) events at or below <paramref name="upToSequenceNr"/>, newest first, at most
    /// <paramref name="limit"/>; read lazily, so a caller that has gone back far enough stops the scan.
    /// </summary>
    public async IAsyncEnumerable<(long SequenceNr, object Event)> TaggedEventsBackwardsAsync(string persistenceId, long upToSequenceNr,
        int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            $"SELECT sequence_number, {PayloadColumns} FROM journal " +
            "WHERE persistence_id = $1 AND sequence_number <= $2 AND tags <> '' AND NOT deleted ORDER BY sequence_number DESC LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upToSequenceNr });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return (reader.GetInt64(0), Payload(reader, 1));
    }

    /// <summary>
    /// Every entity of <paramref name="entityType"/> (or only <paramref name="entityIds"/>) with its whole history in
    /// order: what <c>verify</c> folds. Streamed, so a journal of millions of events is never held at once. A row this
    /// version cannot read (an event type since removed, such as the transfer saga's account events) comes as an
    /// <see cref="UnreadableEvent"/> in its place, so one old account does not stop the reading of all the others.
    /// </summary>
    public async IAsyncEnumerable<(string EntityId, IReadOnlyList<object> Events)> EntitiesAsync(string entityType,
        IReadOnlyCollection<string>? entityIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = PersistenceIds.Of(entityType, "");
        await using var command = eventStore.CreateCommand(entityIds is null
            ? $"SELECT persistence_id, sequence_number, {PayloadColumns} FROM journal WHERE persistence_id LIKE $1 AND NOT deleted ORDER BY persistence_id, sequence_number"
            : $"SELECT persistence_id, sequence_number, {PayloadColumns} FROM journal WHERE persistence_id = ANY($2) AND NOT deleted ORDER BY persistence_id, sequence_number");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix + "%" });
        if (entityIds is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = entityIds.Select(id => PersistenceIds.Of(entityType, id)).ToArray() });
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
            events.Add(PayloadOrUnreadable(reader, 2, reader.GetInt64(1)));
        }
        if (current is not null) yield return (current[prefix.Length..], events);
    }

    /// <summary>
    /// One account's rows (or every account's, when <paramref name="accountId"/> is null) as stored, by account and
    /// version: what the hash chain is checked against (<see cref="JournalChains"/>). Payloads are not decoded: the chain
    /// covers the bytes. Deleted rows are left out, as replay leaves them out. Streamed.
    /// </summary>
    public async IAsyncEnumerable<StoredRow> AccountRowsAsync(string? accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = PersistenceIds.Account("");
        await using var command = eventStore.CreateCommand(
            "SELECT persistence_id, sequence_number, manifest, message FROM journal " +
            $"WHERE {(accountId is null ? "persistence_id LIKE $1" : "persistence_id = $1")} AND NOT deleted ORDER BY persistence_id, sequence_number");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = accountId is null ? prefix + "%" : PersistenceIds.Account(accountId) });
        // A long scan must not be cut by the event store's transaction bound meant for writes.
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new StoredRow(reader.GetString(0)[prefix.Length..], reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3));
    }

    private static object PayloadOrUnreadable(NpgsqlDataReader reader, int firstOrdinal, long sequenceNr)
    {
        try
        {
            return Payload(reader, firstOrdinal);
        }
        catch (Exception e) when (e is SerializationException or System.Text.Json.JsonException)
        {
            return new UnreadableEvent(sequenceNr, reader.GetString(firstOrdinal + 2), e.Message);
        }
    }

    /// <summary>A row's payload, from <see cref="PayloadColumns"/> starting at <paramref name="firstOrdinal"/>.</summary>
    private static object Payload(NpgsqlDataReader reader, int firstOrdinal) =>
        Decode(reader.GetFieldValue<byte[]>(firstOrdinal), reader.GetInt32(firstOrdinal + 1), reader.GetString(firstOrdinal + 2));

    /// <summary>A payload as the plugin wrote it (a journal row's, or a snapshot's), with the serializer id and manifest of its row.</summary>
    internal static object Decode(byte[] message, int serializerId, string manifest) =>
        LedgerCodec.FromBinary(LedgerPayload(message, serializerId), manifest);

    /// <summary>A ledger row's payload as stored, undecoded (Akka's own rows are written by other serializers).</summary>
    /// <exception cref="SerializationException">The row was not written by the ledger's serializer.</exception>
    public static byte[] LedgerPayload(JournalRow row) => LedgerPayload(row.Message, row.SerializerId);

    private static byte[] LedgerPayload(byte[] message, int serializerId) =>
        serializerId == LedgerSerializer.SerializerId
            ? message
            : throw new SerializationException($"event store row written by serializer {serializerId}, not the ledger's ({LedgerSerializer.SerializerId})");

    public void Dispose() => eventStore.Dispose();

    public ValueTask DisposeAsync() => eventStore.DisposeAsync();
}

/// <summary>A journal row as stored, in the journal's order; <see cref="Created"/> is the journal's <c>created</c> (UTC ticks).</summary>
public sealed record JournalRow(long Ordering, string PersistenceId, long SequenceNr, long Created, byte[] Message, int SerializerId, string Manifest)
{
    /// <summary>The payload decoded (a ledger row's; Akka's own rows are written by other serializers).</summary>
    public object Event => JournalTable.Decode(Message, SerializerId, Manifest);
}

/// <summary>How a transfer ended, read from its source's journal: the status as the API spells it.</summary>
public sealed record TransferEnd(string Status, string? Reason, long? PostedMinorUnits, DateTimeOffset EndedAt);

/// <summary>An account's journal row as stored: its version, manifest and payload bytes.</summary>
public sealed record StoredRow(string AccountId, long SequenceNr, string Manifest, byte[] Payload);

/// <summary>A journal row this version cannot read: its place in its stream, its manifest, and why.</summary>
public sealed record UnreadableEvent(long SequenceNr, string Manifest, string Error);

/// <summary>An event found by its idempotency tag, and where it is.</summary>
public sealed record TaggedEvent(string PersistenceId, long SequenceNr, object Event);

/// <summary>A transfer's rows in one range of the journal: its source, where the first one is, and what they say of it.</summary>
/// <param name="PendingAtTarget">From its opening row, when the range holds it: whether its target was told (a hold since targets are).</param>
/// <param name="Ended">A row ends it for good: settled, a hold refused by its target, a release its target confirmed.</param>
/// <param name="EndedHere">
/// A row ends it at its source (returned, released): for good unless its target was told, which then awaits the release.
/// </param>
public readonly record struct TransferRows(
    string TransferId, string SourceAccountId, long FirstOrdering, bool? PendingAtTarget = null, bool Ended = false, bool EndedHere = false);

/// <param name="WrittenAt">The journal's <c>created</c> (UTC ticks).</param>
public sealed record UnforwardedEvent(long Ordering, DateTimeOffset WrittenAt);
