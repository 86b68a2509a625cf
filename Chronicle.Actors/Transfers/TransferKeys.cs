using Chronicle.Domain;
using Chronicle.Domain.Transfers;
using Npgsql;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// Which transfer request each Idempotency-Key named: the table <c>transfer_keys</c> beside the journal,
/// one row per key ever sent to <c>POST /commands/transfer</c>, in plain SQL that PostgreSQL and
/// CockroachDB both run. A key's row is written before its saga is asked and never changed, so a key
/// sent again with another transfer id finds the first one, after any restart; the primary key
/// settles two first requests racing under one key. Why a table and not the saga's journal:
/// docs/TRANSFERS.md, "One key, one transfer".
/// </summary>
/// <param name="eventStore">Owned: disposed with this.</param>
public sealed class TransferKeys(NpgsqlDataSource eventStore) : IAsyncDisposable
{
    public static TransferKeys Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    /// <summary>
    /// Binds <paramref name="keyDigest"/> to <paramref name="binding"/> unless it is bound already, and
    /// returns the binding in force: <paramref name="binding"/> itself, or the key's first.
    /// </summary>
    /// <exception cref="NpgsqlException">The event store did not answer; nothing is known about the key.</exception>
    public async Task<TransferKeyBinding> BindAsync(string keyDigest, TransferKeyBinding binding, CancellationToken cancellationToken)
    {
        // One round trip. The SELECT is a statement of its own, so it sees the row of a racing request
        // whose INSERT this one's waited for; both then answer by the same binding.
        await using var batch = eventStore.CreateBatch();
        var insert = new NpgsqlBatchCommand(
            "INSERT INTO transfer_keys (key_digest, transfer_id, request_fingerprint) VALUES ($1, $2, $3) ON CONFLICT (key_digest) DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyDigest });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = binding.TransferId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = binding.RequestFingerprint });
        var select = new NpgsqlBatchCommand("SELECT transfer_id, request_fingerprint FROM transfer_keys WHERE key_digest = $1");
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = keyDigest });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(select);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        Invariant.Require(await reader.ReadAsync(cancellationToken), $"transfer key {keyDigest}: no row right after binding it");
        return new TransferKeyBinding(reader.GetString(0), reader.GetString(1));
    }

    public ValueTask DisposeAsync() => eventStore.DisposeAsync();
}
