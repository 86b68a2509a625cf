using Chronicle.Actors.Serialization;
using Npgsql;
using Chronicle.Domain.Transfers;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Serialization;
using Chronicle.Contracts.Transfers;

namespace Chronicle.Actors.Transfers;

/// <summary>A transfer's rows in one range of the journal: where the first one is, and whether one of them ends it.</summary>
public readonly record struct TransferRows(string TransferId, long FirstOrdering, bool Finished);

/// <summary>
/// The journal queries of <see cref="TransferRecovery"/>, in plain SQL that PostgreSQL and CockroachDB
/// both run: the journal's head, the transfer rows in an ordering range, and the recovery's watermark.
/// </summary>
public sealed class TransferJournalScan(NpgsqlDataSource eventStore)
{
    private static readonly string[] FinalManifests =
        [LedgerCodec.ManifestOf<TransferCompleted>(), LedgerCodec.ManifestOf<TransferFailed>()];

    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand("SELECT COALESCE(MAX(ordering), 0) FROM journal");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Every transfer with a row in (<paramref name="after"/>, <paramref name="upTo"/>].</summary>
    public async Task<List<TransferRows>> TransfersAsync(long after, long upTo, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            "SELECT persistence_id, MIN(ordering), BOOL_OR(manifest = ANY($3)) FROM journal " +
            "WHERE ordering > $1 AND ordering <= $2 AND persistence_id LIKE $4 GROUP BY persistence_id");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = FinalManifests });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PersistenceIds.TransferPrefix + "%" });

        var transfers = new List<TransferRows>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            transfers.Add(new TransferRows(PersistenceIds.TransferIdOf(reader.GetString(0)), reader.GetInt64(1), reader.GetBoolean(2)));
        return transfers;
    }

    public async Task<long> LoadWatermarkAsync(CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand("SELECT ordering FROM transfer_recovery_watermark");
        return await command.ExecuteScalarAsync(cancellationToken) is long ordering ? ordering : 0;
    }

    public async Task SaveWatermarkAsync(long ordering, CancellationToken cancellationToken)
    {
        await using var command = eventStore.CreateCommand(
            "INSERT INTO transfer_recovery_watermark (singleton, ordering) VALUES (true, $1) " +
            "ON CONFLICT (singleton) DO UPDATE SET ordering = excluded.ordering");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = ordering });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
