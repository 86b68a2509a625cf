using System.Diagnostics;
using Chronicle.Actors.Settings;
using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>An event as the journal table stores it, before the insert gives it its <c>ordering</c>.</summary>
/// <param name="CreatedTicks">The journal's <c>created</c>: UTC ticks, the same for every row of one account's write call.</param>
/// <param name="Tags">The <c>tags</c> column: <see cref="IdempotencyTag.Column"/> of the event's tag, or empty.</param>
internal readonly record struct NewJournalRow(
    long CreatedTicks, string PersistenceId, long SequenceNr, byte[] Message, string Manifest, int SerializerId, string Tags);

/// <summary>
/// One batch of journal rows written by one statement: a single <c>INSERT … SELECT FROM unnest(…)</c> of column
/// arrays, so one round trip and one implicit transaction (one fsync) whatever the batch holds, and one statement
/// text, prepared once per connection. PostgreSQL and CockroachDB both run it. The rows take their <c>ordering</c>
/// in the batch's order (<c>WITH ORDINALITY … ORDER BY</c>): an account's events in one batch stay in sequence order
/// on the feed.
/// </summary>
internal static class JournalInsert
{
    private const string Sql =
        """
        INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid, tags)
        SELECT r.created, false, r.persistence_id, r.sequence_number, r.message, r.manifest, r.identifier, $8, r.tags
        FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::int[], $7::text[])
             WITH ORDINALITY AS r(created, persistence_id, sequence_number, message, manifest, identifier, tags, position)
        ORDER BY r.position
        """;

    /// <summary>
    /// The event store's data source for journal writes: <see cref="DataSources.Create"/>, with TCP keepalives (a probe
    /// after <see cref="KeepAliveIdle"/> without traffic, then every <see cref="KeepAliveInterval"/>), so that a server
    /// gone without a word (a host lost, a partition) breaks the connection of a write waiting on it. Not on a Unix
    /// socket (a host that is a directory): its server is on this machine, and the socket takes no TCP options.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString) =>
        DataSources.Create(connectionString, (builder, given) =>
        {
            if (builder.Host?.StartsWith('/') == true) return;
            if (!given.Contains("TcpKeepAliveTime")) builder.TcpKeepAliveTime = (int)KeepAliveIdle.TotalSeconds;
            if (!given.Contains("TcpKeepAliveInterval")) builder.TcpKeepAliveInterval = (int)KeepAliveInterval.TotalSeconds;
        });

    private static readonly TimeSpan KeepAliveIdle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(2);

    /// <summary>Inserts <paramref name="rows"/>, all or none: it returns once they are durable, or throws.</summary>
    /// <remarks>
    /// Never cancelled, so no command timeout: a statement cancelled on its way may still commit. Its statement is
    /// bounded on the server (<see cref="JournalTransactionBound"/>), but its commit's wait for the synchronous replica
    /// (the replicated store) is not, and must not be: a cancel ends that wait with a warning and the commit reported
    /// done, on the primary alone, a write acknowledged that a failover could lose. So a write waits as long as the
    /// replica is away, as synchronous mode strict promises; the account's persist fails meanwhile on the journal's
    /// call timeout (its client retries under its key), and a dead server breaks the connection (<see cref="DataSource"/>).
    /// </remarks>
    /// <param name="writerUuid">The journal's <c>writer_uuid</c> column: which journal instance wrote the rows.</param>
    public static async Task WriteAsync(NpgsqlDataSource eventStore, IReadOnlyList<NewJournalRow> rows, string writerUuid)
    {
        Debug.Assert(rows.Count > 0, "an empty batch is never sent to the database");
        await using var command = eventStore.CreateCommand(Sql);
        command.CommandTimeout = 0;
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Column(rows, r => r.CreatedTicks) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Column(rows, r => r.PersistenceId) });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Column(rows, r => r.SequenceNr) });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = Column(rows, r => r.Message) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Column(rows, r => r.Manifest) });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = Column(rows, r => r.SerializerId) });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Column(rows, r => r.Tags) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = writerUuid });
        var inserted = await command.ExecuteNonQueryAsync();
        // One statement, no ON CONFLICT: it inserts every row or fails. Anything else is a broken premise.
        if (inserted != rows.Count) throw new InvalidOperationException($"the journal insert wrote {inserted} of {rows.Count} rows");
    }

    private static T[] Column<T>(IReadOnlyList<NewJournalRow> rows, Func<NewJournalRow, T> column)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++) values[i] = column(rows[i]);
        return values;
    }
}
