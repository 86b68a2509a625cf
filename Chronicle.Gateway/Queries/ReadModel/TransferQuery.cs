using System.Data;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Money;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>Transfers as the read model holds them: one by id, or the most recently changed.</summary>
internal static class TransferQuery
{
    // The table of migration 0004: a row per transfer, written by its source account's events. A pending row whose
    // target's credit the read model holds (its transfer_in transaction, migration 0011) is complete: the source's
    // settlement, which rewrites the row, may wait up to Chronicle:Transfers:SettlementDelayMilliseconds (docs/TRANSFERS.md).
    private const string Credited =
        "t.status = 'pending' AND EXISTS (SELECT 1 FROM transactions c WHERE c.type = 'transfer_in' AND c.transfer_id = t.transfer_id)";

    private const string Columns =
        "t.transfer_id, t.from_account_id, t.to_account_id, t.amount_minor_units, t.posted_amount_minor_units, t.currency, " +
        $"CASE WHEN {Credited} THEN 'completed' ELSE t.status END, t.failure_reason, t.expires_at, t.created_at, t.updated_at, t.metadata::text";

    private const string ByIdSql = $"SELECT {Columns} FROM transfers t WHERE t.transfer_id = $1";

    // One statement per case rather than "$2 IS NULL OR status = $2", so each keeps a plan on its own index
    // (transfers_updated_at_idx; transfers_status_updated_at_idx from migration 0002).
    private const string RecentSql = $"SELECT {Columns} FROM transfers t ORDER BY t.updated_at DESC LIMIT $1";
    private const string RecentByStatusSql = $"SELECT {Columns} FROM transfers t WHERE t.status = $2 AND NOT ({Credited}) ORDER BY t.updated_at DESC LIMIT $1";

    // Completed: the rows that say so, and the pending ones already credited (few: the transfers settling now).
    private const string RecentCompletedSql = $"""
        (SELECT {Columns} FROM transfers t WHERE t.status = 'completed' ORDER BY t.updated_at DESC LIMIT $1)
        UNION ALL
        (SELECT {Columns} FROM transfers t WHERE {Credited} ORDER BY t.updated_at DESC LIMIT $1)
        ORDER BY 11 DESC LIMIT $1
        """;

    public static async Task<TransferResponse?> FindAsync(NpgsqlDataSource source, string transferId, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(ByIdSql);
        command.Parameters.Add(Sql.Param(transferId));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The <paramref name="limit"/> transfers updated last, optionally only those in one status.</summary>
    public static async Task<TransfersResponse> RecentAsync(NpgsqlDataSource source, int limit, string? status, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(status switch
        {
            null => RecentSql,
            TransferStatuses.Completed => RecentCompletedSql,
            _ => RecentByStatusSql,
        });
        command.Parameters.Add(Sql.Param(limit));
        if (status is not null and not TransferStatuses.Completed) command.Parameters.Add(Sql.Param(status));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var transfers = new List<TransferResponse>();
        while (await reader.ReadAsync(cancellationToken)) transfers.Add(Read(reader));
        return new TransfersResponse(transfers);
    }

    private static TransferResponse Read(NpgsqlDataReader reader)
    {
        var currency = Currency.Find(reader.GetString(5));
        return new TransferResponse(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            currency.Format(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : currency.Format(reader.GetInt64(4)),
            currency.Code,
            reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            MetadataAnswer.Read(reader, 11),
            reader.GetFieldValue<DateTimeOffset>(9),
            reader.GetFieldValue<DateTimeOffset>(10));
    }
}
