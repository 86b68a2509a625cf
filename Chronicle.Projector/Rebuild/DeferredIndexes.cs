using Npgsql;

namespace Chronicle.Projector.Rebuild;

/// <summary>
/// The indexes of the tables a rebuild's load appends to, dropped while it loads and built again once it has: a btree
/// takes each of a load's rows at a random page (an account's key, not the journal's order), which cost the read
/// model's PostgreSQL about half its CPU per event, where building an index after the load sorts its keys once
/// (docs/READ-MODEL.md, "Rebuild"). Only the audit log's primary key stays: its key is the journal ordering, which the
/// load writes in rising order, each insert on the rightmost page.
/// <para>
/// Each dropped index is recorded in <c>deferred_indexes</c>, with the statement that builds it again, in the
/// transaction that drops it; building one deletes its record in the transaction that builds it, at the load's end. So
/// records say a load was cut short (the node stopped, the database away) and which indexes are missing: the projector
/// group, finding any (<see cref="AnyAsync"/>), empties the read model and loads it again, which builds them.
/// </para>
/// </summary>
internal static class DeferredIndexes
{
    /// <summary>The tables a load appends to, row per event; the others take one row per entity and keep their indexes.</summary>
    private static readonly string[] AppendedTables = ["events", "transactions"];

    /// <summary>Every index of <see cref="AppendedTables"/> but the audit log's primary key: its name, drop and build statements.</summary>
    private const string DeferrableSql = """
        SELECT i.indexrelid::regclass::text,
               CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass)
                    ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', t.oid::regclass, c.conname) END,
               CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid)
                    ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', t.oid::regclass, c.conname, pg_get_constraintdef(c.oid)) END
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid AND t.relnamespace = current_schema()::regnamespace
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = t.oid AND c.contype IN ('p', 'u')
        WHERE t.relname = ANY($1) AND NOT (t.relname = 'events' AND i.indisprimary)
        ORDER BY 1
        """;

    /// <summary>Drops the deferrable indexes, each recorded for <see cref="RestoreAsync"/>, in one transaction; returns how many.</summary>
    public static async Task<int> DeferAsync(NpgsqlDataSource readModel, CancellationToken cancellationToken)
    {
        await using var connection = await readModel.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var indexes = new List<(string Name, string DropSql, string RestoreSql)>();
        await using (var select = new NpgsqlCommand(DeferrableSql, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = AppendedTables });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                indexes.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        foreach (var index in indexes)
        {
            await using var record = new NpgsqlCommand("INSERT INTO deferred_indexes (name, restore_sql) VALUES ($1, $2)", connection, transaction)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = index.Name },
                    new NpgsqlParameter<string> { TypedValue = index.RestoreSql },
                },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
            await using var drop = new NpgsqlCommand(index.DropSql, connection, transaction);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return indexes.Count;
    }

    /// <summary>Builds every recorded index again, each in its own transaction with its record's deletion; returns how many.</summary>
    public static async Task<int> RestoreAsync(NpgsqlDataSource readModel, CancellationToken cancellationToken)
    {
        var restored = 0;
        await using var connection = await readModel.OpenConnectionAsync(cancellationToken);
        while (await NextAsync(connection, cancellationToken) is var (name, restoreSql))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var build = new NpgsqlCommand(restoreSql, connection, transaction))
            {
                // A large table's index takes seconds to minutes to build: no statement deadline.
                build.CommandTimeout = 0;
                await build.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var forget = new NpgsqlCommand("DELETE FROM deferred_indexes WHERE name = $1", connection, transaction))
            {
                forget.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
                await forget.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            restored++;
        }
        return restored;
    }

    /// <summary>Whether a load dropped indexes it has not built again: it was cut short, and the read model is partial.</summary>
    public static async Task<bool> AnyAsync(NpgsqlDataSource readModel, CancellationToken cancellationToken)
    {
        await using var any = readModel.CreateCommand("SELECT EXISTS (SELECT FROM deferred_indexes)");
        return (bool)(await any.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<(string Name, string RestoreSql)?> NextAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var next = new NpgsqlCommand("SELECT name, restore_sql FROM deferred_indexes ORDER BY name LIMIT 1", connection);
        await using var reader = await next.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }
}
