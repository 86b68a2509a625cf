using System.Text;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Npgsql;
using NpgsqlTypes;

namespace Chronicle.Projector.Projection;

/// <summary>
/// The projector's SQL: reading the rows a batch touches, and writing a batch's changes together
/// with its partition's checkpoint, inside the caller's transaction, in one round trip (<see cref="WriteBatch"/>).
/// Each table's rows go in one statement over unnested arrays; entity rows are upserted, guarded by their version.
/// </summary>
public sealed class ReadModelStore(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource => dataSource;

    public DeadLetterStore DeadLetters { get; } = new(dataSource);

    /// <summary>The last stream sequence applied for the partition; 0 when nothing is.</summary>
    public async Task<ulong> ReadCheckpointAsync(int partition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT stream_sequence FROM projector_checkpoint WHERE partition = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        return await command.ExecuteScalarAsync(cancellationToken) is long sequence ? (ulong)sequence : 0;
    }

    /// <summary>The highest journal ordering partition <paramref name="partition"/> has applied from the stream; 0 when not known.</summary>
    public async Task<long> ReadJournalOrderingAsync(int partition, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT journal_ordering FROM projector_checkpoint WHERE partition = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        return await command.ExecuteScalarAsync(cancellationToken) is long ordering ? ordering : 0;
    }

    /// <summary>Every partition's checkpoint row (none for a partition that has applied nothing since the read model was last emptied).</summary>
    public async Task<IReadOnlyList<CheckpointRow>> ReadCheckpointsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT partition, stream_sequence, events_applied, gaps_repaired, last_written_at FROM projector_checkpoint ORDER BY partition");
        var rows = new List<CheckpointRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CheckpointRow(reader.GetInt32(0), (ulong)reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return rows;
    }

    /// <summary>
    /// The rows of the accounts <paramref name="accountIds"/> and of their open transfers: where a batch's changes
    /// start. An account's state is rebuilt with its open transfers (<see cref="AccountState.Outgoing"/> and the sum
    /// of its holds) from those rows, as the fold had it, so that its next transfer event applies.
    /// </summary>
    public async Task<StartingRows> LoadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        await using var reads = new ReadBatch(connection, transaction);
        var rows = AddStartingRows(reads, accountIds);
        await reads.ExecuteAsync(cancellationToken);
        return rows();
    }

    /// <summary>
    /// Adds the reads of <see cref="LoadAsync"/> to <paramref name="reads"/>; the function it returns gives the rows
    /// once the batch ran.
    /// </summary>
    internal static Func<StartingRows> AddStartingRows(ReadBatch reads, IReadOnlyCollection<string> accountIds)
    {
        if (accountIds.Count == 0) return () => StartingRows.None;
        var ids = accountIds.ToArray();
        var open = new Dictionary<string, ProjectedTransfer>(StringComparer.Ordinal);
        var incoming = new List<(string AccountId, IncomingHold Hold)>();
        var accounts = new List<ProjectedAccount>();

        // The condition is transfers_open_by_source_idx's own, so the index serves it.
        reads.Add($"SELECT {TransferColumns} FROM transfers WHERE from_account_id = ANY($1) AND (status IN ('pending', 'held') OR pending_at_target)",
            r => open[r.GetString(0)] = ReadTransfer(r)).Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        reads.Add("SELECT account_id, transfer_id, event_id, from_account_id, amount_minor_units, opened_at FROM incoming_holds WHERE account_id = ANY($1)",
            r => incoming.Add((r.GetString(0), new IncomingHold(r.GetString(1), r.GetGuid(2), r.GetString(3), r.GetInt64(4), r.GetFieldValue<DateTimeOffset>(5)))))
            .Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
        reads.Add("""
            SELECT account_id, owner_name, currency, balance_minor_units, status, version, transaction_count, created_at, last_updated,
                   overdraft_limit_minor_units, metadata
            FROM account_balance WHERE account_id = ANY($1)
            """, r => accounts.Add(ReadAccount(r))).Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });

        return () =>
        {
            var outgoing = open.Values.ToLookup(t => t.FromAccountId, StringComparer.Ordinal);
            var holds = incoming.ToLookup(h => h.AccountId, h => h.Hold, StringComparer.Ordinal);
            return new StartingRows(
                accounts.ToDictionary(
                    a => a.State.AccountId,
                    a => a with { State = a.State.Restored(outgoing[a.State.AccountId].Select(t => t.ToOutgoing()), holds[a.State.AccountId]) },
                    StringComparer.Ordinal),
                open);
        };
    }

    /// <summary>An account_balance row, before its open transfers and holds are restored into its state.</summary>
    private static ProjectedAccount ReadAccount(NpgsqlDataReader reader) => new(
        new AccountState(
            reader.GetString(0), Enum.Parse<AccountStatus>(reader.GetString(4), ignoreCase: true), reader.GetString(1), reader.GetString(2),
            reader.GetInt64(3), reader.GetInt64(5), reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8))
            { OverdraftLimitMinorUnits = reader.GetInt64(9), Metadata = MetadataJson.FromJson(reader.GetString(10)) },
        reader.GetInt64(6));

    private const string TransferColumns = """
        transfer_id, from_account_id, to_account_id, currency, amount_minor_units, posted_amount_minor_units, status, description,
        expires_at, source_event_id, credit_event_id, failure_reason, failure_detail, source_version, created_at, updated_at, pending_at_target,
        metadata
        """;

    /// <summary>A transfers row in <see cref="TransferColumns"/>' order.</summary>
    private static ProjectedTransfer ReadTransfer(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
        reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetString(6), NullableString(reader, 7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.GetGuid(9),
        reader.IsDBNull(10) ? null : reader.GetGuid(10), NullableString(reader, 11), NullableString(reader, 12), reader.GetInt64(13),
        reader.GetFieldValue<DateTimeOffset>(14), reader.GetFieldValue<DateTimeOffset>(15), reader.GetBoolean(16),
        MetadataJson.FromJson(reader.GetString(17)));

    /// <summary>Moves the partition's checkpoint past the batch, with the batch's rows.</summary>
    internal static void AddCheckpoint(WriteBatch writes, int applied, BatchPosition position)
    {
        var checkpoint = writes.Add("""
            INSERT INTO projector_checkpoint (partition, stream_sequence, events_applied, gaps_repaired, last_written_at, journal_ordering, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, now())
            ON CONFLICT (partition) DO UPDATE SET
                stream_sequence = EXCLUDED.stream_sequence,
                journal_ordering = GREATEST(projector_checkpoint.journal_ordering, EXCLUDED.journal_ordering),
                events_applied  = projector_checkpoint.events_applied + EXCLUDED.events_applied,
                gaps_repaired   = projector_checkpoint.gaps_repaired + EXCLUDED.gaps_repaired,
                last_written_at = COALESCE(EXCLUDED.last_written_at, projector_checkpoint.last_written_at),
                updated_at      = now()
            """);
        checkpoint.Parameters.Add(new NpgsqlParameter<int> { TypedValue = position.Partition });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)position.StreamSequence) });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = applied });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.GapsRepaired });
        checkpoint.Parameters.Add(new NpgsqlParameter { Value = position.LastWrittenAt is { } at ? at.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        checkpoint.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.JournalOrdering });
    }

    /// <summary>The rows of <paramref name="changes"/>, added to <paramref name="writes"/>.</summary>
    internal static void AddRows(WriteBatch writes, ReadModelChanges changes)
    {
        AddAudit(writes, changes.Audit);
        AddTransactions(writes, changes.Transactions);
        AddEntityRows(writes, changes.EntityRows());
    }

    /// <summary>
    /// The rows that are entities' states (accounts, transfers, incoming holds), added to <paramref name="writes"/>: all
    /// but the appended ones, which a large batch copies (<see cref="ReadModelCopy"/>).
    /// </summary>
    internal static void AddEntityRows(WriteBatch writes, EntityRows rows)
    {
        AddAccounts(writes, rows.Accounts);
        AddTransfers(writes, rows.Transfers);
        AddIncomingHolds(writes, rows);
    }

    /// <summary>The accounts' pending incoming holds as the batch leaves them: ended ones deleted, new ones inserted.</summary>
    private static void AddIncomingHolds(WriteBatch writes, EntityRows rows)
    {
        var removed = rows.IncomingRemoved;
        if (removed.Count > 0)
        {
            var delete = writes.Add(
                "DELETE FROM incoming_holds h USING unnest($1::text[], $2::text[]) AS r(account_id, transfer_id) " +
                "WHERE h.account_id = r.account_id AND h.transfer_id = r.transfer_id", removed.Count, "incoming_holds");
            delete.Parameters.Add(Array(removed, r => r.AccountId));
            delete.Parameters.Add(Array(removed, r => r.TransferId));
        }
        var added = rows.IncomingAdded;
        if (added.Count == 0) return;
        var insert = writes.Add("""
            INSERT INTO incoming_holds (account_id, transfer_id, event_id, from_account_id, amount_minor_units, opened_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::bigint[], $6::timestamptz[])
            """);
        insert.Parameters.Add(Array(added, a => a.AccountId));
        insert.Parameters.Add(Array(added, a => a.Hold.TransferId));
        insert.Parameters.Add(Array(added, a => a.Hold.EventId));
        insert.Parameters.Add(Array(added, a => a.Hold.FromAccountId));
        insert.Parameters.Add(Array(added, a => a.Hold.AmountMinorUnits));
        insert.Parameters.Add(Array(added, a => a.Hold.OpenedAt.ToUniversalTime()));
    }

    /// <summary>
    /// Counts a rebuild's page of events, loaded from the journal, in their partitions' checkpoints: a rebuild's progress.
    /// Their stream position stays where it is (0 on a new row) until the load ends (<see cref="PlaceCheckpointsAsync"/>);
    /// no partition runs before.
    /// </summary>
    internal static void AddLoaded(WriteBatch writes, IReadOnlyList<AuditRow> audit)
    {
        var partitions = audit.GroupBy(r => EventFeed.PartitionOf(r.AggregateId))
            .Select(g => (Partition: g.Key, Applied: (long)g.Count(), LastWrittenAt: g.Max(r => r.WrittenAt).ToUniversalTime()))
            .ToList();
        if (partitions.Count == 0) return;
        var command = writes.Add("""
            INSERT INTO projector_checkpoint (partition, stream_sequence, events_applied, gaps_repaired, last_written_at, updated_at)
            SELECT p, 0, n, 0, w, now() FROM unnest($1::int[], $2::bigint[], $3::timestamptz[]) AS l(p, n, w)
            ON CONFLICT (partition) DO UPDATE SET
                events_applied  = projector_checkpoint.events_applied + EXCLUDED.events_applied,
                last_written_at = GREATEST(projector_checkpoint.last_written_at, EXCLUDED.last_written_at),
                updated_at      = now()
            """);
        command.Parameters.Add(Array(partitions, p => p.Partition));
        command.Parameters.Add(Array(partitions, p => p.Applied));
        command.Parameters.Add(Array(partitions, p => p.LastWrittenAt));
    }

    /// <summary>
    /// Places the checkpoints of <paramref name="partitions"/> at <paramref name="streamSequence"/>: where the partitions take
    /// over from a rebuild's load (all of them), or a partition from its catch-up past the stream's retention.
    /// </summary>
    public async Task PlaceCheckpointsAsync(ulong streamSequence, IReadOnlyList<int> partitions, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO projector_checkpoint (partition, stream_sequence, events_applied, gaps_repaired, last_written_at, updated_at)
            SELECT p, $1, 0, 0, NULL, now() FROM unnest($2::int[]) AS p
            ON CONFLICT (partition) DO UPDATE SET stream_sequence = EXCLUDED.stream_sequence, updated_at = now()
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = checked((long)streamSequence) });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = partitions.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Counts events applied outside a batch (a replay of held entities) in the partition's
    /// events_applied, which sums to the audit log's size; its stream position does not move.
    /// </summary>
    internal static void AddAppliedCount(WriteBatch writes, int partition, int applied)
    {
        var command = writes.Add("UPDATE projector_checkpoint SET events_applied = events_applied + $2, updated_at = now() WHERE partition = $1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = partition });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = applied });
    }

    /// <summary>
    /// Empties the read model, checkpoints and dead letters included: the projector then starts again
    /// from the stream's beginning, and meets any poison event again. Its source goes too: the read model
    /// becomes the projecting cluster's (<see cref="ReadModel.ReadModelSource"/>).
    /// </summary>
    /// <remarks>
    /// A partition stopped for the rebuild may still be finishing its batch's transaction (its cancellation reaches the
    /// server a moment later). The emptying locks every table and can meet that transaction in a deadlock, whose victim
    /// PostgreSQL picks; when it picks the emptying, that transaction ends with it and the emptying is tried again.
    /// </remarks>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand("TRUNCATE account_balance, transactions, transfers, incoming_holds, events, projector_checkpoint, dead_letters, read_model_source");
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < ResetAttempts)
            {
            }
        }
    }

    /// <summary>How often the emptying is tried when it is a deadlock's victim: each try outlasts one late transaction.</summary>
    private const int ResetAttempts = 5;

    /// <summary>The audit log's rows. Unnested arrays, not COPY: a COPY cannot share the batch's round trip.</summary>
    private static void AddAudit(WriteBatch writes, List<AuditRow> rows)
    {
        if (rows.Count == 0) return;
        var insert = writes.Add("""
            INSERT INTO events (sequence, event_id, aggregate_type, aggregate_id, version, event_type, event_data, created_at, written_at)
            SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::jsonb[], $8::timestamptz[], $9::timestamptz[])
            """);
        insert.Parameters.Add(Array(rows, r => r.Sequence));
        insert.Parameters.Add(Array(rows, r => r.EventId));
        insert.Parameters.Add(Array(rows, r => r.AggregateType));
        insert.Parameters.Add(Array(rows, r => r.AggregateId));
        insert.Parameters.Add(Array(rows, r => r.Version));
        insert.Parameters.Add(Array(rows, r => r.EventType));
        insert.Parameters.Add(JsonbArray(rows, r => Encoding.UTF8.GetString(r.EventData.Span)));
        insert.Parameters.Add(Array(rows, r => r.CreatedAt.ToUniversalTime()));
        insert.Parameters.Add(Array(rows, r => r.WrittenAt.ToUniversalTime()));
    }

    private static void AddTransactions(WriteBatch writes, List<TransactionRow> rows)
    {
        if (rows.Count == 0) return;
        var insert = writes.Add("""
            INSERT INTO transactions (account_id, version, transaction_id, type, amount_minor_units, balance_after_minor_units, currency, description,
                                      transfer_id, occurred_at, metadata)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[],
                                 $9::text[], $10::timestamptz[], $11::jsonb[])
            """);
        insert.Parameters.Add(Array(rows, r => r.AccountId));
        insert.Parameters.Add(Array(rows, r => r.Version));
        insert.Parameters.Add(Array(rows, r => r.TransactionId));
        insert.Parameters.Add(Array(rows, r => r.Type));
        insert.Parameters.Add(Array(rows, r => r.AmountMinorUnits));
        insert.Parameters.Add(Array(rows, r => r.BalanceAfterMinorUnits));
        insert.Parameters.Add(Array(rows, r => r.Currency));
        insert.Parameters.Add(Array(rows, r => r.Description));
        insert.Parameters.Add(Array(rows, r => r.TransferId));
        insert.Parameters.Add(Array(rows, r => r.OccurredAt.ToUniversalTime()));
        insert.Parameters.Add(JsonbArray(rows, r => MetadataJson.ToJson(r.Metadata)));
    }

    private static void AddAccounts(WriteBatch writes, List<ProjectedAccount> rows)
    {
        if (rows.Count == 0) return;
        // The version guard: a row only ever moves forward. A second projector racing this one
        // (a singleton hand-over) makes the update miss, and the batch fails instead of regressing it.
        var command = writes.Add("""
            INSERT INTO account_balance (account_id, owner_name, currency, balance_minor_units, held_minor_units, status, version, transaction_count,
                                         created_at, last_updated, pending_incoming_minor_units, overdraft_limit_minor_units, metadata)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[],
                                 $9::timestamptz[], $10::timestamptz[], $11::bigint[], $12::bigint[], $13::jsonb[])
            ON CONFLICT (account_id) DO UPDATE SET
                owner_name = EXCLUDED.owner_name, currency = EXCLUDED.currency, balance_minor_units = EXCLUDED.balance_minor_units,
                held_minor_units = EXCLUDED.held_minor_units, pending_incoming_minor_units = EXCLUDED.pending_incoming_minor_units,
                overdraft_limit_minor_units = EXCLUDED.overdraft_limit_minor_units, metadata = EXCLUDED.metadata,
                status = EXCLUDED.status, version = EXCLUDED.version,
                transaction_count = EXCLUDED.transaction_count, created_at = EXCLUDED.created_at, last_updated = EXCLUDED.last_updated
            WHERE account_balance.version < EXCLUDED.version
            """, rows.Count, "account_balance");
        command.Parameters.Add(Array(rows, r => r.State.AccountId));
        command.Parameters.Add(Array(rows, r => r.State.OwnerName));
        command.Parameters.Add(Array(rows, r => r.State.CurrencyCode));
        command.Parameters.Add(Array(rows, r => r.State.BalanceMinorUnits));
        command.Parameters.Add(Array(rows, r => r.State.HeldMinorUnits));
        command.Parameters.Add(Array(rows, r => r.State.Status.ToString().ToLowerInvariant()));
        command.Parameters.Add(Array(rows, r => r.State.Version));
        command.Parameters.Add(Array(rows, r => r.TransactionCount));
        command.Parameters.Add(Array(rows, r => r.State.CreatedAt.ToUniversalTime()));
        command.Parameters.Add(Array(rows, r => r.State.LastUpdated.ToUniversalTime()));
        command.Parameters.Add(Array(rows, r => r.State.PendingIncomingMinorUnits));
        command.Parameters.Add(Array(rows, r => r.State.OverdraftLimitMinorUnits));
        command.Parameters.Add(JsonbArray(rows, r => MetadataJson.ToJson(r.State.Metadata)));
    }

    internal static void AddTransfers(WriteBatch writes, List<ProjectedTransfer> rows)
    {
        if (rows.Count == 0) return;
        // Guarded by the source's version, and by the source itself: a row is only ever its own source's.
        var command = writes.Add($"""
            INSERT INTO transfers ({TransferColumns})
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[],
                                 $9::timestamptz[], $10::uuid[], $11::uuid[], $12::text[], $13::text[], $14::bigint[], $15::timestamptz[], $16::timestamptz[],
                                 $17::boolean[], $18::jsonb[])
            ON CONFLICT (transfer_id) DO UPDATE SET
                posted_amount_minor_units = EXCLUDED.posted_amount_minor_units, status = EXCLUDED.status, expires_at = EXCLUDED.expires_at,
                source_event_id = EXCLUDED.source_event_id, credit_event_id = EXCLUDED.credit_event_id,
                failure_reason = EXCLUDED.failure_reason, failure_detail = EXCLUDED.failure_detail,
                source_version = EXCLUDED.source_version, updated_at = EXCLUDED.updated_at, pending_at_target = EXCLUDED.pending_at_target
            WHERE transfers.source_version < EXCLUDED.source_version AND transfers.from_account_id = EXCLUDED.from_account_id
            """, rows.Count, "transfers");
        command.Parameters.Add(Array(rows, r => r.TransferId));
        command.Parameters.Add(Array(rows, r => r.FromAccountId));
        command.Parameters.Add(Array(rows, r => r.ToAccountId));
        command.Parameters.Add(Array(rows, r => r.CurrencyCode));
        command.Parameters.Add(Array(rows, r => r.AmountMinorUnits));
        command.Parameters.Add(Array(rows, r => r.PostedAmountMinorUnits));
        command.Parameters.Add(Array(rows, r => r.Status));
        command.Parameters.Add(Array(rows, r => r.Description));
        command.Parameters.Add(Array(rows, r => r.ExpiresAt?.ToUniversalTime()));
        command.Parameters.Add(Array(rows, r => r.SourceEventId));
        command.Parameters.Add(Array(rows, r => r.CreditEventId));
        command.Parameters.Add(Array(rows, r => r.FailureReason));
        command.Parameters.Add(Array(rows, r => r.FailureDetail));
        command.Parameters.Add(Array(rows, r => r.SourceVersion));
        command.Parameters.Add(Array(rows, r => r.CreatedAt.ToUniversalTime()));
        command.Parameters.Add(Array(rows, r => r.UpdatedAt.ToUniversalTime()));
        command.Parameters.Add(Array(rows, r => r.PendingAtTarget));
        command.Parameters.Add(JsonbArray(rows, r => MetadataJson.ToJson(r.Metadata)));
    }

    private static NpgsqlParameter<T[]> Array<TRow, T>(List<TRow> rows, Func<TRow, T> column) => new() { TypedValue = rows.Select(column).ToArray() };

    /// <summary>One JSON text per row, sent as jsonb (labels with none: <c>{}</c>, from <see cref="MetadataJson.ToJson"/>).</summary>
    private static NpgsqlParameter<string[]> JsonbArray<TRow>(List<TRow> rows, Func<TRow, string> json) =>
        new() { TypedValue = rows.Select(json).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb };

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

/// <summary>Where a batch ends: its partition, its last stream sequence, and what the checkpoint row records with it.</summary>
/// <param name="JournalOrdering">The highest journal ordering among the batch's events; 0 when it has none it could read.</param>
public sealed record BatchPosition(int Partition, ulong StreamSequence, int GapsRepaired, DateTimeOffset? LastWrittenAt, long JournalOrdering);
