using System.Globalization;

namespace Chronicle.Bench;

/// <summary>Command-line options; <c>--name value</c> or <c>--name=value</c>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project Chronicle.Bench -- [options]
          --url URL             Chronicle node to load (default http://127.0.0.1:5080)
          --pg-port N           PostgreSQL port for the pgbench yardstick (default 15432)
          --pg-socket-dir DIR   PostgreSQL unix socket directory (default: connect over 127.0.0.1)
          --pg-bin DIR          where pgbench and psql live (default /usr/lib/postgresql/15/bin)
          --pg-clients N        pgbench clients (default 32)
          --out FILE            Markdown report to write (default docs/BENCHMARKS.md)
          --duration S          measured seconds per scenario (default 20)
          --warmup S            warm-up seconds before each measurement (default 10: lets tiered JIT settle)
          --connections N       concurrent HTTP connections / workers (default 64)
          --accounts N          accounts for the deposits and transfers scenarios (default 1000)
          --repeat N            run deposits/batch/hot/transfers/timetravel N times and quote the median (default 1)
          --batch-size N        batch: deposits per POST /commands/batch (default 100, at most 1000)
          --scenario S          all | deposits | batch | hot | transfers | timetravel | pgbench | reads | lag | catchup | read-side | feed
                                | cluster (default all; read-side = reads, lag, catchup; feed and cluster are never
                                part of all)
          --events N            feed: deposits to write; timetravel: deposits on its one account (default 100000)
          --nats-monitor URL    feed: its monitoring endpoint (default http://127.0.0.1:18222)
          --read-pg-port N      the read model's PostgreSQL port (default 15433)
          --read-pg-socket-dir DIR  its unix socket directory (default: connect over 127.0.0.1)
          --lag-samples N       lag: probes per measurement (default 300)
          --lag-writes-per-second N  lag: background write rate under load (default: half the deposits
                                throughput of this run, 3000 when deposits did not run)
          --catchup-events N    catchup: ledger events the rebuild drains; written first when the
                                journal holds fewer (default 1000000)
          --chronicle PATH      cluster: the ./chronicle script that switches the stack between
                                'up --nodes 1' and 'up --nodes 3' (default ./chronicle)
          --failover-seconds S  cluster: how long deposits go on after a ledger node is killed (default 90)
        API keys from the environment: CHRONICLE_API_KEY (client), CHRONICLE_AUDITOR_KEY (timetravel),
        CHRONICLE_OPERATOR_KEY (catchup); ./chronicle bench sets them from .chronicle/env.
        """;

    public Uri Url { get; init; } = new("http://127.0.0.1:5080");
    public int PgPort { get; init; } = 15432;
    public string? PgSocketDir { get; init; }
    public string PgBinDir { get; init; } = "/usr/lib/postgresql/15/bin";
    public int PgClients { get; init; } = 32;
    public string Out { get; init; } = "docs/BENCHMARKS.md";
    public int DurationSeconds { get; init; } = 20;
    public int WarmupSeconds { get; init; } = 10;
    public int Connections { get; init; } = 64;
    public int Accounts { get; init; } = 1000;
    public int Repeat { get; init; } = 1;
    public int BatchSize { get; init; } = 100;
    public string Scenario { get; init; } = "all";
    public int Events { get; init; } = 100_000;
    public Uri NatsMonitorUrl { get; init; } = new("http://127.0.0.1:18222");
    public int ReadPgPort { get; init; } = 15433;
    public string? ReadPgSocketDir { get; init; }
    public int LagSamples { get; init; } = 300;
    public int? LagWritesPerSecond { get; init; }
    public long CatchUpEvents { get; init; } = 1_000_000;
    public string Chronicle { get; init; } = "./chronicle";
    public int FailoverSeconds { get; init; } = 90;
    public bool Help { get; init; }
    public IReadOnlyList<string> RawArgs { get; init; } = [];

    public bool RunDeposits => Scenario is "all" or "deposits";
    public bool RunBatch => Scenario is "all" or "batch";
    public bool RunHot => Scenario is "all" or "hot";
    public bool RunTransfers => Scenario is "all" or "transfers";
    public bool RunTimeTravel => Scenario is "all" or "timetravel";
    public bool RunPgBench => Scenario is "all" or "pgbench";
    public bool RunReads => Scenario is "all" or "reads" or "read-side";
    public bool RunLag => Scenario is "all" or "lag" or "read-side";
    public bool RunCatchUp => Scenario is "all" or "catchup" or "read-side";
    public bool RunFeed => Scenario is "feed";
    public bool RunCluster => Scenario is "cluster";

    /// <summary>The command line that reproduces this run, as quoted in the report.</summary>
    public string CommandLine =>
        "dotnet run -c Release --project Chronicle.Bench --" + string.Concat(RawArgs.Select(a => " " + Quote(a)));

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { RawArgs = args };
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") return options with { Help = true };
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");

            string name, value;
            var eq = arg.IndexOf('=');
            if (eq > 0)
            {
                name = arg[2..eq];
                value = arg[(eq + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Length) throw new ArgumentException($"--{name} needs a value");
                value = args[++i];
            }

            options = name switch
            {
                "url" => options with { Url = ParseUrl(value) },
                "pg-port" => options with { PgPort = ParseInt(name, value, 1, 65535) },
                "pg-socket-dir" => options with { PgSocketDir = value.Length == 0 ? null : value },
                "pg-bin" => options with { PgBinDir = value },
                "pg-clients" => options with { PgClients = ParseInt(name, value, 1, 1000) },
                "out" => options with { Out = value },
                "duration" => options with { DurationSeconds = ParseInt(name, value, 1, 3600) },
                "warmup" => options with { WarmupSeconds = ParseInt(name, value, 0, 3600) },
                "connections" => options with { Connections = ParseInt(name, value, 1, 4096) },
                "accounts" => options with { Accounts = ParseInt(name, value, 1, 1_000_000) },
                "repeat" => options with { Repeat = ParseInt(name, value, 1, 100) },
                "batch-size" => options with { BatchSize = ParseInt(name, value, 1, 1000) },
                "scenario" => options with { Scenario = ParseScenario(value) },
                "events" => options with { Events = ParseInt(name, value, 0, 100_000_000) },
                "nats-monitor" => options with { NatsMonitorUrl = ParseUri(name, value, "http") },
                "read-pg-port" => options with { ReadPgPort = ParseInt(name, value, 1, 65535) },
                "read-pg-socket-dir" => options with { ReadPgSocketDir = value.Length == 0 ? null : value },
                "lag-samples" => options with { LagSamples = ParseInt(name, value, 10, 100_000) },
                "lag-writes-per-second" => options with { LagWritesPerSecond = ParseInt(name, value, 1, 1_000_000) },
                "catchup-events" => options with { CatchUpEvents = ParseInt(name, value, 1, 100_000_000) },
                "chronicle" => options with { Chronicle = value },
                "failover-seconds" => options with { FailoverSeconds = ParseInt(name, value, 10, 3600) },
                _ => throw new ArgumentException($"unknown option --{name}"),
            };
        }
        return options;
    }

    private static Uri ParseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--url must be an absolute http(s) URL, got '{value}'");
        return uri;
    }

    private static Uri ParseUri(string name, string value, string scheme)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != scheme)
            throw new ArgumentException($"--{name} must be an absolute {scheme}:// URL, got '{value}'");
        return uri;
    }

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new ArgumentException($"--{name} must be an integer in {min}..{max}, got '{value}'");
        return n;
    }

    private static string ParseScenario(string value) => value switch
    {
        "all" or "deposits" or "batch" or "hot" or "transfers" or "timetravel" or "pgbench" or "reads" or "lag" or "catchup" or "read-side" or "feed" or "cluster" => value,
        _ => throw new ArgumentException($"--scenario must be all, deposits, batch, hot, transfers, timetravel, pgbench, reads, lag, catchup, read-side, feed or cluster, got '{value}'"),
    };

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
