using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Chronicle.Bench;

/// <summary>The yardstick: PostgreSQL's own single-row INSERT rate, measured by pgbench.</summary>
internal sealed record PgBenchResult(
    double Tps, long Transactions, long Failed, double LatencyAverageMs, int Clients, int Seconds,
    string Command, string Host, int Port, string User, string ServerVersion, string Fsync, string SynchronousCommit, CpuSplit? Cpu);

internal static partial class PgBench
{
    public const string Database = "chronicle_bench";
    private const string Table = "bench_insert";
    private static readonly string[] Users = ["chronicle", "postgres"];

    private const string Script = """
        \set aid random(1, 1000)
        INSERT INTO bench_insert (account_id, amount, note) VALUES (:aid, 100, 'deposit');
        """;

    private sealed record Target(string Host, int Port, string User, string ServerVersion, string Fsync, string SynchronousCommit);

    /// <summary>Runs the yardstick; throws <see cref="InvalidOperationException"/> with the reason when it cannot.</summary>
    public static async Task<PgBenchResult> RunAsync(BenchOptions options)
    {
        var pgbench = Tool(options, "pgbench");
        var target = await PrepareAsync(options).ConfigureAwait(false);
        Console.WriteLine($"pgbench: {target.Host}:{target.Port} user {target.User}, database {Database}, PostgreSQL {target.ServerVersion}, fsync={target.Fsync}, synchronous_commit={target.SynchronousCommit}");
        if (target.Fsync != "on") Console.WriteLine("pgbench: WARNING fsync is not on; the yardstick is not the durable insert rate");

        var scriptPath = Path.Combine(Path.GetTempPath(), $"chronicle-bench-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(scriptPath, Script + "\n").ConfigureAwait(false);
        try
        {
            var common = new[] { "-h", target.Host, "-p", target.Port.ToString(CultureInfo.InvariantCulture), "-U", target.User };
            string[] Args(int seconds, bool progress) =>
            [
                .. common, "-n", "-c", options.PgClients.ToString(CultureInfo.InvariantCulture),
                "-j", Math.Min(2, options.PgClients).ToString(CultureInfo.InvariantCulture),
                "-T", seconds.ToString(CultureInfo.InvariantCulture), .. progress ? new[] { "-P", "1" } : [],
                "-f", scriptPath, Database,
            ];

            if (options.WarmupSeconds > 0)
            {
                Console.WriteLine($"  [pgbench] warm-up {options.WarmupSeconds}s");
                var warm = await ProcessRunner.RunAsync(pgbench, Args(options.WarmupSeconds, false), Env()).ConfigureAwait(false);
                if (!warm.Ok) throw new InvalidOperationException($"pgbench warm-up failed: {warm.FirstError}");
            }
            await Psql(options, target.Host, target.User, Database, $"TRUNCATE {Table}").ConfigureAwait(false);

            var arguments = Args(options.DurationSeconds, true);
            // CPU is sampled inside the run: pgbench and its backends are gone once it has exited.
            var now = Stopwatch.GetTimestamp();
            var margin = Math.Min(1.0, options.DurationSeconds / 4.0);
            var cpuWindow = CpuSampler.MeasureWindowAsync(
                now + (long)(margin * Stopwatch.Frequency), now + (long)((options.DurationSeconds - margin) * Stopwatch.Frequency), CancellationToken.None);
            var run = await ProcessRunner.RunAsync(pgbench, arguments, Env(),
                onStdErrLine: line =>
                {
                    if (line.StartsWith("progress:", StringComparison.Ordinal)) Console.WriteLine($"  [pgbench] {line}");
                }).ConfigureAwait(false);
            var cpu = await cpuWindow.ConfigureAwait(false);
            if (!run.Ok) throw new InvalidOperationException($"pgbench failed: {run.FirstError}");

            var output = run.StdOut;
            var tps = Match(TpsRegex(), output) ?? throw new InvalidOperationException($"no 'tps = ' in pgbench output:\n{output}");
            var command = "pgbench " + string.Join(' ', arguments.Select(a => a == scriptPath ? "script.sql" : a));
            return new PgBenchResult(
                Tps: tps,
                Transactions: (long)(Match(ProcessedRegex(), output) ?? 0),
                Failed: (long)(Match(FailedRegex(), output) ?? 0),
                LatencyAverageMs: Match(LatencyRegex(), output) ?? double.NaN,
                Clients: options.PgClients,
                Seconds: options.DurationSeconds,
                Command: command,
                Host: target.Host, Port: target.Port, User: target.User,
                ServerVersion: target.ServerVersion, Fsync: target.Fsync, SynchronousCommit: target.SynchronousCommit,
                Cpu: cpu);
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    /// <summary>Finds a role that can reach the server and own the scratch database and table.</summary>
    private static async Task<Target> PrepareAsync(BenchOptions options)
    {
        var host = "127.0.0.1";
        if (options.PgSocketDir is { } dir)
        {
            if (File.Exists(Path.Combine(dir, $".s.PGSQL.{options.PgPort}"))) host = dir;
            else Console.WriteLine($"pgbench: no socket .s.PGSQL.{options.PgPort} in {dir}; using 127.0.0.1");
        }

        var reasons = new List<string>();
        foreach (var user in Users)
        {
            var settings = await Psql(options, host, user, "postgres",
                "SELECT current_setting('server_version') || '|' || current_setting('fsync') || '|' || current_setting('synchronous_commit')").ConfigureAwait(false);
            if (!settings.Ok)
            {
                reasons.Add($"{user}: {settings.FirstError}");
                continue;
            }

            var exists = await Psql(options, host, user, "postgres", $"SELECT 1 FROM pg_database WHERE datname = '{Database}'").ConfigureAwait(false);
            if (exists.StdOut.Trim() != "1")
            {
                var create = await Psql(options, host, user, "postgres", $"CREATE DATABASE {Database}").ConfigureAwait(false);
                if (!create.Ok)
                {
                    reasons.Add($"{user}: {create.FirstError}");
                    continue;
                }
            }

            var table = await Psql(options, host, user, Database,
                $"CREATE TABLE IF NOT EXISTS {Table} (id bigserial PRIMARY KEY, account_id integer NOT NULL, amount bigint NOT NULL, note text NOT NULL, created_at timestamptz NOT NULL DEFAULT now()); TRUNCATE {Table}").ConfigureAwait(false);
            if (!table.Ok)
            {
                reasons.Add($"{user}: {table.FirstError}");
                continue;
            }

            var parts = settings.StdOut.Trim().Split('|');
            return new Target(host, options.PgPort, user, parts[0], parts.ElementAtOrDefault(1) ?? "?", parts.ElementAtOrDefault(2) ?? "?");
        }
        throw new InvalidOperationException($"cannot prepare {Database} on {host}:{options.PgPort}: {string.Join("; ", reasons)}");
    }

    private static Task<ProcessResult> Psql(BenchOptions options, string host, string user, string database, string sql) =>
        ProcessRunner.RunAsync(Tool(options, "psql"),
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", options.PgPort.ToString(CultureInfo.InvariantCulture),
             "-U", user, "-d", database, "-c", sql],
            Env(), timeout: TimeSpan.FromSeconds(60));

    private static Dictionary<string, string> Env() => new(StringComparer.Ordinal)
    {
        ["PGCONNECT_TIMEOUT"] = "5",
        ["PGAPPNAME"] = "chronicle-bench",
    };

    private static string Tool(BenchOptions options, string name)
    {
        var path = Path.Combine(options.PgBinDir, name);
        if (File.Exists(path)) return path;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new InvalidOperationException($"{name} not found in {options.PgBinDir} or on PATH");
    }

    private static double? Match(Regex regex, string text) =>
        regex.Match(text) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^tps = ([0-9.]+)", RegexOptions.Multiline)]
    private static partial Regex TpsRegex();

    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ProcessedRegex();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedRegex();

    [GeneratedRegex(@"^latency average = ([0-9.]+) ms", RegexOptions.Multiline)]
    private static partial Regex LatencyRegex();
}
