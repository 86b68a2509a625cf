using Npgsql;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// How far <see cref="TransferRecovery"/> has scanned the journal: a one-row table beside it, in plain SQL
/// that PostgreSQL and CockroachDB both run.
/// </summary>
public sealed class TransferRecoveryWatermark(NpgsqlDataSource eventStore)
{
    public async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand("SELECT ordering FROM transfer_recovery_watermark");
        return await command.ExecuteScalarAsync(cancellationToken) is long ordering ? ordering : 0;
    }

    public async Task SaveAsync(long ordering, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            "INSERT INTO transfer_recovery_watermark (singleton, ordering) VALUES (true, $1) " +
            "ON CONFLICT (singleton) DO UPDATE SET ordering = excluded.ordering");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ordering });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
