using Npgsql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests, as Chronicle.DevStack defines and starts it (the same
/// wrapper the dev stack's AppHost runs): Debian's PostgreSQL 15 on a free loopback port in a fresh
/// throwaway directory, as the postgres user when we are root, fsync off. Each test asks for its own
/// database, so tests never see each other's data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly PostgresServerSpec _spec;
    private readonly string _directory;
    private ChildProcess _server;
    private int _databaseCounter;

    private PostgresServer(PostgresServerSpec spec, string directory, ChildProcess server)
    {
        _spec = spec;
        _directory = directory;
        _server = server;
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chronicle-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var spec = new PostgresServerSpec(FreePort.Next(), Path.Combine(directory, "data"), directory, Database: null, Throwaway: true);
        return new PostgresServer(spec, directory, await Launch.PostgresAsync("postgres", spec, LogFile(directory)));
    }

    /// <summary>Where the server's Unix socket is: a connection string's Host for connecting through it.</summary>
    public string SocketDirectory => _spec.SocketDirectory;

    /// <summary>
    /// What every test's connection string is made from (<see cref="CreateDatabaseAsync"/>). A pool outlives the node that
    /// used it (Npgsql keeps a stopped node's idle connections for its default idle lifetime, 300 s), and the suite's nodes
    /// share this server one after the other: with the default, the shared server held 163 idle connections of finished
    /// tests 2.5 minutes into a run (its limit is 200), where two CI runs had a write answered 503 out of the blue. Pruned
    /// after 5 s idle, a finished test's connections close within seconds.
    /// </summary>
    private string AdminConnectionString => _spec.AdminConnectionString + ";Pooling=true;Maximum Pool Size=50;Connection Idle Lifetime=5;Connection Pruning Interval=1";

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"{purpose}_{Interlocked.Increment(ref _databaseCounter)}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown: connections are cut), keeping its data, to simulate an outage.</summary>
    public Task StopAsync() => _server.StopAsync(Signal.Interrupt, StopDeadline);

    /// <summary>Starts a stopped server again on the same port with the same data.</summary>
    public async Task RestartAsync()
    {
        if (!_server.HasExited) throw new InvalidOperationException("PostgreSQL is already running");
        await _server.DisposeAsync();
        _server = await Launch.PostgresAsync("postgres", _spec, LogFile(_directory));
        // The idle connections pooled before the stop are dead; left in the pools, each would fail its
        // next user once (57P01), the next test creating its database on this server included.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Immediate shutdown (no checkpoint: the data is thrown away), then the directory goes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(Signal.Quit, StopDeadline);
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static string LogFile(string directory) => Path.Combine(directory, "server.log");
}
