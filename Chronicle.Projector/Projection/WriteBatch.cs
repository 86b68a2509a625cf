using Npgsql;

namespace Chronicle.Projector.Projection;

/// <summary>
/// The writes of one read-model transaction, sent to PostgreSQL as one <see cref="NpgsqlBatch"/>: one round trip where a
/// batch of a few events took eight (two COPYs, the upserts, the checkpoint), each a wake-up of the server and of a node
/// thread. A command may say how many rows it must touch; when it touches another number the batch fails.
/// </summary>
internal sealed class WriteBatch(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
{
    private readonly NpgsqlBatch _batch = new(connection, transaction);
    private readonly List<(NpgsqlBatchCommand Command, int Rows, string Table)> _expected = [];

    public NpgsqlBatchCommand Add(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        _batch.BatchCommands.Add(command);
        return command;
    }

    /// <param name="rows">The rows <paramref name="sql"/> must insert or update; fewer means a version guard refused some.</param>
    public NpgsqlBatchCommand Add(string sql, int rows, string table)
    {
        var command = Add(sql);
        _expected.Add((command, rows, table));
        return command;
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (_batch.BatchCommands.Count == 0) return;
        await _batch.ExecuteNonQueryAsync(cancellationToken);
        foreach (var (command, rows, table) in _expected)
            if (command.RecordsAffected != rows)
                throw new InvalidOperationException(
                    $"{table}: {rows - command.RecordsAffected} of {rows} rows were newer than this batch (another projector ran?) or another source's");
    }

    public ValueTask DisposeAsync() => _batch.DisposeAsync();
}
