using System.Globalization;

namespace Chronicle.Bench;

/// <summary>One number from a PostgreSQL server of the dev stack, asked with psql as the chronicle user.</summary>
internal static class Psql
{
    public static async Task<long> ScalarAsync(BenchOptions options, int port, string? socketDir, string database, string sql)
    {
        var host = socketDir is { } dir && File.Exists(Path.Combine(dir, $".s.PGSQL.{port}")) ? dir : "127.0.0.1";
        var result = await ProcessRunner.RunAsync(Path.Combine(options.PgBinDir, "psql"),
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture),
             "-U", "chronicle", "-d", database, "-c", sql],
            new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = "5" }, timeout: TimeSpan.FromSeconds(120));
        if (!result.Ok) throw new InvalidOperationException($"{database}: {sql}: {result.FirstError}");
        return long.Parse(result.StdOut.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Journal events that belong on the feed (Akka's own streams, '/...', do not).</summary>
    public static Task<long> JournalEventsAsync(BenchOptions options) =>
        ScalarAsync(options, options.PgPort, options.PgSocketDir, "chronicle_events", "SELECT count(*) FROM journal WHERE persistence_id NOT LIKE '/%'");
}
