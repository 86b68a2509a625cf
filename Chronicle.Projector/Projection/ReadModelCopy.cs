using Chronicle.Contracts.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Chronicle.Projector.Projection;

/// <summary>
/// The appended rows of a large batch (a rebuild's page: <see cref="Rebuild.JournalLoad"/>), written with binary COPY
/// rather than as unnested arrays. For ten thousand events the arrays cost the server more than the rows: it built each
/// array whole, parsed every JSON of it, then spilled the unnested rows to a temporary file (work_mem) before inserting
/// them; COPY inserts each row as it arrives. One round trip per table, so a partition's small batches keep their one
/// <see cref="WriteBatch"/>.
/// </summary>
internal static class ReadModelCopy
{
    /// <summary>The audit rows and transactions of <paramref name="page"/>, inside the connection's transaction.</summary>
    public static async Task AppendAsync(NpgsqlConnection connection, PageRows page, CancellationToken cancellationToken)
    {
        await CopyAsync(connection, page.Audit,
            "COPY events (sequence, event_id, aggregate_type, aggregate_id, version, event_type, event_data, created_at, written_at) FROM STDIN (FORMAT BINARY)",
            async (copy, r) =>
            {
                await copy.WriteAsync(r.Sequence, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.EventId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(r.AggregateType, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.AggregateId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.Version, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.EventType, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.EventData, NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(r.CreatedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(r.WrittenAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            }, cancellationToken);
        await CopyAsync(connection, page.Transactions,
            "COPY transactions (account_id, version, transaction_id, type, amount_minor_units, balance_after_minor_units, currency, description, " +
            "transfer_id, occurred_at, metadata) FROM STDIN (FORMAT BINARY)",
            async (copy, r) =>
            {
                await copy.WriteAsync(r.AccountId, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.Version, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.TransactionId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(r.Type, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(r.AmountMinorUnits, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.BalanceAfterMinorUnits, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(r.Currency, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, r.Description, cancellationToken);
                await WriteNullableAsync(copy, r.TransferId, cancellationToken);
                await copy.WriteAsync(r.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(MetadataJson.ToJson(r.Metadata), NpgsqlDbType.Jsonb, cancellationToken);
            }, cancellationToken);
    }

    private static async Task CopyAsync<TRow>(NpgsqlConnection connection, List<TRow> rows, string copyCommand,
        Func<NpgsqlBinaryImporter, TRow, Task> writeRow, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var copy = await connection.BeginBinaryImportAsync(copyCommand, cancellationToken);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            await writeRow(copy, row);
        }
        var written = await copy.CompleteAsync(cancellationToken);
        if (written != (ulong)rows.Count) throw new InvalidOperationException($"COPY wrote {written} of {rows.Count} rows: {copyCommand}");
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}
