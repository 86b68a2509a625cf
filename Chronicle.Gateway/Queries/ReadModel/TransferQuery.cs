using System.Data;
using Chronicle.Domain.Money;
using Npgsql;

namespace Chronicle.Gateway.Queries.ReadModel;

/// <summary>Transfers as the read model holds them: one by id, or the most recently changed.</summary>
internal static class TransferQuery
{
    // The table of migration 0004: a row per transfer, written by its source account's events.
    private const string Columns =
        "transfer_id, from_account_id, to_account_id, amount_minor_units, posted_amount_minor_units, currency, status, failure_reason, expires_at, created_at, updated_at, " +
        "metadata::text";

    private const string ByIdSql = $"SELECT {Columns} FROM transfers WHERE transfer_id = $1";

    // Two statements rather than "$2 IS NULL OR status = $2", so each keeps a plan on its own index
    // (transfers_updated_at_idx; transfers_status_updated_at_idx from migration 0002).
    private const string RecentSql = $"SELECT {Columns} FROM transfers ORDER BY updated_at DESC LIMIT $1";
    private const string RecentByStatusSql = $"SELECT {Columns} FROM transfers WHERE status = $2 ORDER BY updated_at DESC LIMIT $1";

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
        await using var command = source.CreateCommand(status is null ? RecentSql : RecentByStatusSql);
        command.Parameters.Add(Sql.Param(limit));
        if (status is not null) command.Parameters.Add(Sql.Param(status));
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
