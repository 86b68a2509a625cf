namespace Chronicle.Bench;

/// <summary>What a run does, from its command line (<see cref="BenchCommandLine"/>, whose --help shows these defaults).</summary>
internal sealed record BenchOptions
{
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

    /// <summary>Events on the time-travel scenario's one account: its creation, then <see cref="TimeTravelDeposits"/>. The target's own size.</summary>
    public int TimeTravelEvents { get; init; } = (int)BenchResults.TimeTravelTargetEvents;

    /// <summary>The deposits that follow the time-travel account's creation.</summary>
    public int TimeTravelDeposits => TimeTravelEvents - 1;
    public Uri NatsMonitorUrl { get; init; } = new("http://127.0.0.1:18222");
    public int ReadPgPort { get; init; } = 15433;
    public string? ReadPgSocketDir { get; init; }
    public int LagSamples { get; init; } = 300;
    public int? LagWritesPerSecond { get; init; }
    public long CatchUpEvents { get; init; } = 1_000_000;
    public string Chronicle { get; init; } = "./chronicle";
    public int FailoverSeconds { get; init; } = 90;
    public bool Traced { get; init; }

    /// <summary>The node runs no projector: write and time-travel runs start without waiting for a read model (<see cref="Backlog"/>).</summary>
    public bool NoReadModel { get; init; }
    public IReadOnlyList<string> RawArgs { get; init; } = [];

    public bool RunDeposits => Scenario is "all" or "deposits" or "write-side";
    public bool RunBatch => Scenario is "all" or "batch";
    public bool RunHot => Scenario is "all" or "hot";
    public bool RunTransfers => Scenario is "all" or "transfers" or "write-side";
    public bool RunTimeTravel => Scenario is "all" or "timetravel";
    public bool RunPgBench => Scenario is "all" or "pgbench" or "write-side";
    public bool RunReads => Scenario is "all" or "reads" or "read-side";
    public bool RunLag => Scenario is "all" or "lag" or "read-side";
    public bool RunCatchUp => Scenario is "all" or "catchup" or "read-side";
    public bool RunFeed => Scenario is "feed";
    public bool RunCluster => Scenario is "cluster";
    public bool RunChain => Scenario is "chain";

    /// <summary>The command line that reproduces this run, as quoted in the report.</summary>
    public string CommandLine =>
        "dotnet run -c Release --project Chronicle.Bench --" + string.Concat(RawArgs.Select(a => " " + Quote(a)));

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
