using Npgsql;

namespace Chronicle.Projector.Projection;

/// <summary>
/// The reads that open a read-model transaction, sent to PostgreSQL as one <see cref="NpgsqlBatch"/>: one round trip
/// where a batch took five (the partition's lock, its held entities, the accounts' open transfers, their incoming holds,
/// the accounts), each a wake-up of the server and of a node thread. The statements run in the order added; each
/// command's rows are handed to its row reader in that order, so a later reader may use what an earlier one read.
/// </summary>
internal sealed class ReadBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    private readonly NpgsqlBatch _batch = new(connection, transaction);
    private readonly List<Action<NpgsqlDataReader>> _rowReaders = [];

    /// <param name="readRow">Called once per row of this command's result, with the reader on that row.</param>
    public NpgsqlBatchCommand Add(string sql, Action<NpgsqlDataReader> readRow)
    {
        var command = new NpgsqlBatchCommand(sql);
        _batch.BatchCommands.Add(command);
        _rowReaders.Add(readRow);
        return command;
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_batch.BatchCommands.Count == 0) return;
        await using var reader = await _batch.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < _rowReaders.Count; i++)
        {
            while (await reader.ReadAsync(cancellationToken)) _rowReaders[i](reader);
            var more = await reader.NextResultAsync(cancellationToken);
            if (more != i < _rowReaders.Count - 1) throw new InvalidOperationException($"the read batch answered {i + 1 + (more ? 1 : 0)}+ results for {_rowReaders.Count} statements");
        }
    }

    public ValueTask DisposeAsync() => _batch.DisposeAsync();
}
