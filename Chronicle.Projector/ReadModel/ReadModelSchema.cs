using Npgsql;

namespace Chronicle.Projector.ReadModel;

/// <summary>
/// Brings the read model's schema up to date: the embedded migrations (ReadModel/Migrations/NNNN_name.sql)
/// not yet recorded in <c>schema_migrations</c> run in order, in one transaction with their records.
/// Safe to call from several processes at once: a transaction-scoped advisory lock serialises them.
/// </summary>
public static class ReadModelSchema
{
    private const string ResourcePrefix = "Chronicle.Projector.ReadModel.Migrations.";

    /// <summary>Arbitrary, fixed: the advisory lock every migrating process takes.</summary>
    private const long MigrationLockKey = 0x43_68_72_6F_6E_52_4D; // "ChronRM"

    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // One transaction, lock first: processes (or partitions) starting together would otherwise race
        // on creating schema_migrations itself. PostgreSQL's DDL is transactional: all or nothing.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);
        await Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER     PRIMARY KEY,
                name       TEXT        NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, cancellationToken);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));

        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            await Execute(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new NpgsqlParameter { Value = migration.Version }, new NpgsqlParameter { Value = migration.Name } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(ReadModelSchema).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(resource =>
            {
                var name = resource[ResourcePrefix.Length..^".sql".Length];
                var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                return new Migration(version, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
        if (migrations.Count == 0 || migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
            throw new InvalidOperationException("read-model migrations missing or with duplicate versions");
        return migrations;
    }
}

public sealed record Migration(int Version, string Name, string Sql);
