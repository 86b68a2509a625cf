using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>Creates the event store's tables (event-store.sql, embedded) if they are missing.</summary>
public static class EventStoreSchema
{
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
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
