using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>Creates the event store's tables (event-store.sql, embedded) if they are missing.</summary>
/// <remarks>
/// Several ledger nodes start at once and each runs the script. PostgreSQL's IF NOT EXISTS is not safe between
/// concurrent sessions: two can deadlock on the catalog or both try to create one object. The script is
/// idempotent and runs in one implicit transaction, so a loser simply runs it again. No advisory lock: the
/// production event store is CockroachDB, where pg_advisory_lock is not a real lock.
/// </remarks>
public static class EventStoreSchema
{
    /// <summary>Concurrent starts settle within a few rounds; more than this is a real fault, reported as it is.</summary>
    private const int MaxAttempts = 5;

    private static readonly TimeSpan RetryBackoffBase = TimeSpan.FromMilliseconds(100);

    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunScriptAsync(connectionString, cancellationToken);
                return;
            }
            catch (PostgresException e) when (attempt < MaxAttempts && IsConcurrentDdlConflict(e))
            {
                // Jittered so that the sessions that collided do not collide again in step.
                await Task.Delay(RetryBackoffBase * (attempt + Random.Shared.NextDouble()), cancellationToken);
            }
        }
    }

    /// <summary>What another session running the same script at the same moment can cause.</summary>
    internal static bool IsConcurrentDdlConflict(PostgresException e) => e.SqlState is
        PostgresErrorCodes.DeadlockDetected or
        PostgresErrorCodes.SerializationFailure or
        PostgresErrorCodes.UniqueViolation or // pg_type / pg_class rows of an object created meanwhile
        PostgresErrorCodes.DuplicateTable or
        PostgresErrorCodes.DuplicateObject;

    private static async Task RunScriptAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ReadScript(), connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string ReadScript()
    {
        using var stream = typeof(EventStoreSchema).Assembly.GetManifestResourceStream("Chronicle.Actors.EventStore.event-store.sql")
                           ?? throw new InvalidOperationException("event-store.sql is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
