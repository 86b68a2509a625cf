using Npgsql;
using Testcontainers.PostgreSql;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests: a Testcontainers container where a Docker engine
/// answers, otherwise Debian's PostgreSQL 15 binaries started on a free loopback port in a
/// throwaway directory (as the postgres user when we are root: the server refuses root).
/// Each test asks for its own database, so tests never see each other's data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly PostgreSqlContainer? _container;
    private readonly string? _directory;
    private readonly string _adminConnectionString;
    private int _databaseCounter;
    private string? _startOptions;

    private PostgresServer(string adminConnectionString, PostgreSqlContainer? container, string? directory)
    {
        _adminConnectionString = adminConnectionString;
        _container = container;
        _directory = directory;
    }

    public static async Task<PostgresServer> StartAsync()
    {
        if (DockerAnswers())
        {
            try
            {
                // A fixed host port, so the server keeps its address across StopAsync/RestartAsync.
                var container = new PostgreSqlBuilder("postgres:15").WithPortBinding(FreePort.Next(), PostgreSqlBuilder.PostgreSqlPort).Build();
                await container.StartAsync();
                return new PostgresServer(container.GetConnectionString(), container, null);
            }
            catch (Exception e)
            {
                Console.WriteLine($"Testcontainers unavailable ({e.Message}); using local PostgreSQL binaries");
            }
        }

        return await StartLocalAsync();
    }

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"{purpose}_{Interlocked.Increment(ref _databaseCounter)}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown: connections are cut), keeping its data, to simulate an outage.</summary>
    public async Task StopAsync()
    {
        if (_container is not null) await _container.StopAsync();
        else await AsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), ["stop", "-w", "-D", DataDirectory, "-m", "fast"]);
    }

    /// <summary>Starts a stopped server again on the same port with the same data.</summary>
    public async Task RestartAsync()
    {
        if (_container is not null) await _container.StartAsync();
        else await StartLocalServerAsync();
        // Idle pooled connections (this class's own admin ones, a test's helpers') still point at the
        // old server process and would fail their next command; the server is shared, so the next test
        // must not inherit them.
        NpgsqlConnection.ClearAllPools();
    }

    private Task<string> StartLocalServerAsync() =>
        AsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"),
            ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(_directory!, "server.log"), "-o", _startOptions!]);

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
            return;
        }

        await AsPostgresAsync(Path.Combine(BinDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate"]);
        Directory.Delete(_directory!, recursive: true);
    }

    private string DataDirectory => Path.Combine(_directory!, "data");

    private static bool DockerAnswers() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");

    private static async Task<PostgresServer> StartLocalAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chronicle-test-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (RunningAsRoot) await ProcessRunner.RunAsync("chown", ["postgres:postgres", directory], CommandTimeout);

        var port = FreePort.Next();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50", null, directory);
        await AsPostgresAsync(Path.Combine(BinDirectory, "initdb"),
            ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        // fsync off: the tests kill processes, never the machine, so the OS cache is durable enough and much faster.
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200";
        server._startOptions = options;
        await server.StartLocalServerAsync();
        return server;
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static Task<string> AsPostgresAsync(string program, string[] arguments) =>
        RunningAsRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments], CommandTimeout)
            : ProcessRunner.RunAsync(program, arguments, CommandTimeout);
}
