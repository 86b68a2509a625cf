using Npgsql;
using NpgsqlTypes;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// Writes read-model rows directly, as the projector would, so that the query routes can be tested
/// against exactly the rows a test chose (money in minor units, as the tables hold it).
/// </summary>
public sealed class ReadModelRows(string readModel)
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Task AccountAsync(string accountId, long balanceMinorUnits, long version, string currency = "USD",
        string status = "active", long transactionCount = 0, string ownerName = "Read Model Owner") =>
        ExecuteAsync(
            "INSERT INTO account_balance (account_id, owner_name, currency, balance_minor_units, status, version, transaction_count, created_at, last_updated) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            accountId, ownerName, currency, balanceMinorUnits, status, version, transactionCount, Epoch, Epoch.AddMinutes(version));

    public Task TransactionAsync(string accountId, long version, string type, long amountMinorUnits, long balanceAfterMinorUnits,
        string currency = "USD", string? description = null, string? transferId = null) =>
        ExecuteAsync(
            "INSERT INTO transactions (account_id, version, transaction_id, type, amount_minor_units, balance_after_minor_units, currency, description, transfer_id, occurred_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            accountId, version, Guid.CreateVersion7(), type, amountMinorUnits, balanceAfterMinorUnits, currency,
            (object?)description ?? DBNull.Value, (object?)transferId ?? DBNull.Value, Epoch.AddMinutes(version));

    public Task EventAsync(long sequence, string aggregateType, string aggregateId, long version, string eventType, string eventDataJson) =>
        ExecuteAsync(
            "INSERT INTO events (sequence, event_id, aggregate_type, aggregate_id, version, event_type, event_data, created_at, written_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            sequence, Guid.CreateVersion7(), aggregateType, aggregateId, version, eventType,
            new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = eventDataJson }, Epoch.AddSeconds(sequence));

    /// <summary>A transfer row as migration 0004 has it; money in minor units of <paramref name="currency"/>.</summary>
    public Task TransferAsync(string transferId, string from, string to, long amountMinorUnits, string currency, string status,
        DateTimeOffset updatedAt, long? postedMinorUnits = null, string? failureReason = null, DateTimeOffset? expiresAt = null) =>
        ExecuteAsync(
            "INSERT INTO transfers (transfer_id, from_account_id, to_account_id, currency, amount_minor_units, posted_amount_minor_units, status, " +
            "expires_at, source_event_id, failure_reason, source_version, created_at, updated_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12)",
            transferId, from, to, currency, amountMinorUnits, (object?)postedMinorUnits ?? DBNull.Value, status,
            (object?)expiresAt ?? DBNull.Value, Guid.NewGuid(), (object?)failureReason ?? DBNull.Value, Epoch, updatedAt);

    public Task CheckpointAsync(int partition, long eventsApplied) =>
        ExecuteAsync(
            "INSERT INTO projector_checkpoint (partition, stream_sequence, events_applied, gaps_repaired, updated_at) VALUES ($1, $2, $2, 0, now())",
            partition, eventsApplied);

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(readModel);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }
}
