using Chronicle.Actors.EventStore;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Npgsql;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// Which request each transfer id a client named was first sent with, and under which key: the table
/// <c>transfer_keys</c> beside the journal, in plain SQL that PostgreSQL and CockroachDB both run. A row is
/// written before the source account is asked and never changed; the key (primary key) and the transfer id
/// (unique) each name one row, so neither can start a second transfer, after any restart, however requests
/// race. An id derived from a key needs no row: the key itself is unique in the journal. Why: docs/TRANSFERS.md,
/// "One key, one transfer".
/// </summary>
/// <param name="eventStore">Owned: disposed with this.</param>
public sealed class TransferKeys(NpgsqlDataSource eventStore) : IAsyncDisposable
{
    public static TransferKeys Open(string connectionString) => new(NpgsqlDataSource.Create(connectionString));

    /// <summary>
    /// Binds <paramref name="request"/>'s transfer id to its key unless either is bound already. Null when the binding in
    /// force is this very request (just made, or made by the same request before); the refusal otherwise.
    /// </summary>
    /// <exception cref="NpgsqlException">The event store did not answer; nothing is known about the key.</exception>
    public async Task<CommandRejected?> BindAsync(SendTransfer request, CancellationToken cancellationToken)
    {
        var binding = TransferKeyBinding.Of(request);
        // One round trip. ON CONFLICT without a target covers both unique keys. The SELECT is a statement of its own,
        // so it sees the row of a racing request whose INSERT this one's waited for; both then answer by that row.
        await using var batch = eventStore.CreateBatch();
        var insert = new NpgsqlBatchCommand(
            "INSERT INTO transfer_keys (key_digest, transfer_id, request_fingerprint) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = KeyDigest(request) });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = binding.TransferId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = binding.RequestFingerprint });
        var select = new NpgsqlBatchCommand("SELECT transfer_id, request_fingerprint FROM transfer_keys WHERE key_digest = $1");
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = KeyDigest(request) });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(select);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // No row under this key after the insert: the insert gave way to the id's row, which is another key's.
        return await reader.ReadAsync(cancellationToken)
            ? new TransferKeyBinding(reader.GetString(0), reader.GetString(1)).Refusal(request)
            : TransferKeyBinding.IdTaken(request.TransferId);
    }

    /// <summary>
    /// Undoes <paramref name="request"/>'s binding after its source refused it as invalid. That refusal is the same
    /// whatever happens next (the request against the source's currency and the rules), so no transfer can ever have
    /// started under it, and the client may send the id again with a corrected body.
    /// </summary>
    /// <exception cref="NpgsqlException">The event store did not answer; the binding may stay (it then keeps the id for this request).</exception>
    public async Task ReleaseAsync(SendTransfer request, CancellationToken cancellationToken)
    {
        var binding = TransferKeyBinding.Of(request);
        await using var command = eventStore.CreateCommand(
            "DELETE FROM transfer_keys WHERE key_digest = $1 AND transfer_id = $2 AND request_fingerprint = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = KeyDigest(request) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = binding.TransferId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = binding.RequestFingerprint });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The tag the request's opening event is written with (<see cref="IdempotencyTag"/>): the row's key, and how the journal finds the event.</summary>
    private static string KeyDigest(SendTransfer request) => IdempotencyTag.Of(request.IdempotencyKey!);

    public ValueTask DisposeAsync() => eventStore.DisposeAsync();
}
