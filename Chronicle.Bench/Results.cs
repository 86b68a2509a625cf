namespace Chronicle.Bench;

/// <summary>
/// All runs of one HTTP scenario; medians are what the report quotes. CountsPending: 202 is an outcome of its own
/// (transfers). Unit: what its throughput counts (a batch's is its commands, one event each; latency stays per request).
/// </summary>
internal sealed record ScenarioRuns(string Name, string Title, IReadOnlyList<LoadResult> Runs, bool CountsPending = false, string Unit = "req/s")
{
    public double MedianThroughput => Median(Runs.Select(r => r.Throughput));
    public double MedianP50Ms => Median(Runs.Select(r => r.P50Ms));
    public double MedianP99Ms => Median(Runs.Select(r => r.P99Ms));
    public double MaxMs => Runs.Count == 0 ? double.NaN : Runs.Max(r => r.MaxMs);
    public long Errors => Runs.Sum(r => r.ErrorCount);
    public long Pending => Runs.Sum(r => r.Pending);

    /// <summary>Median over the runs of the machine's CPU (every process) per operation, µs; null when no run sampled CPU.</summary>
    public double? MedianCpuMicrosPerOperation =>
        Runs.Where(r => r is { Cpu: not null, Throughput: > 0 }).Select(r => CpuSplit.MicrosPerOperation(r.Cpu!, r.Throughput)).ToList() is { Count: > 0 } micros
            ? Median(micros)
            : null;

    public IReadOnlyDictionary<string, long> ErrorsByKind =>
        Runs.SelectMany(r => r.Errors).GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Everything one invocation measured.</summary>
internal sealed record BenchResults(
    BenchOptions Options, MachineInfo Machine, DateTimeOffset Started, string RunId,
    ScenarioRuns? Deposits, ScenarioRuns? Hot, ScenarioRuns? Transfers, PgBenchResult? PgBench, IReadOnlyList<string> Failures,
    ScenarioRuns? Reads = null, IReadOnlyList<LagResult>? Lag = null, CatchUpResult? CatchUp = null, ScenarioRuns? TimeTravel = null,
    ScenarioRuns? Batch = null, ScenarioRuns? Healthz = null)
{
    public const double DepositsP99TargetMs = 50;
    public const double HotTargetPerSecond = 5000;
    public const double TransfersTargetPerSecond = 5000;

    /// <summary>Completed transfers per second over deposits per second, both keyed, same run: at least this (issue 14).</summary>
    public const double TransfersPerDepositTarget = 0.5;

    public const double TransfersP99TargetMs = 100;

    /// <summary>Projection lag p99, idle and under half the maximum write rate (issue 16).</summary>
    public const double LagIdleP99TargetMs = 10;
    public const double LagP99TargetMs = 50;

    public const double CatchUpTargetPerSecond = 100_000;

    /// <summary>Reads from the read model per second over the bare node's GET /healthz per second, same run: at least this (issue 16).</summary>
    public const double ReadsPerHealthzTarget = 0.5;

    /// <summary>Machine CPU per deposit over pgbench's per single-row commit, same run: at most this (issue 16).</summary>
    public const double CpuPerDepositOverPgBenchTarget = 2.0;

    /// <summary>Time travel p99 on an account with this many events (issue 16); a run on fewer events says so and meets nothing.</summary>
    public const double TimeTravelP99TargetMs = 5;
    public const long TimeTravelTargetEvents = 1_000_000;

    /// <summary>Batched deposits (events/s) over pgbench's single-row commits per second, same run: at least this (issue 16).</summary>
    public const double BatchPerPgBenchTarget = 3.0;

    /// <summary>The HTTP scenarios that ran, in run order.</summary>
    public IEnumerable<ScenarioRuns> Http => new[] { Deposits, Batch, Hot, Transfers, TimeTravel, Reads, Healthz }.OfType<ScenarioRuns>();

    /// <summary>The lag measured with background writes (the target's condition), if any ran.</summary>
    public LagResult? LagUnderLoad => Lag?.FirstOrDefault(l => l.BackgroundWritesPerSecond > 0);

    /// <summary>The lag measured without background writes, if it ran.</summary>
    public LagResult? LagIdle => Lag?.FirstOrDefault(l => l.BackgroundWritesPerSecond == 0);

    /// <summary>Reads per second over GET /healthz per second, medians of the same run.</summary>
    public double? ReadsPerHealthz =>
        Reads is { Runs.Count: > 0 } r && Healthz is { Runs.Count: > 0 } h && h.MedianThroughput > 0 ? r.MedianThroughput / h.MedianThroughput : null;

    /// <summary>Machine CPU per pgbench single-row commit (µs, every process); null when pgbench did not run or was not sampled.</summary>
    public double? PgBenchCpuMicrosPerCommit => PgBench is { Cpu: { } pgCpu, Tps: > 0 } pg ? CpuSplit.MicrosPerOperation(pgCpu, pg.Tps) : null;

    /// <summary>Median machine CPU per deposit (µs, every process) over pgbench's per commit.</summary>
    public double? CpuPerDepositOverPgBench =>
        Deposits?.MedianCpuMicrosPerOperation is { } deposit && PgBenchCpuMicrosPerCommit is { } perCommit ? deposit / perCommit : null;

    /// <summary>Completed transfers per second over deposits per second, medians of the same run.</summary>
    public double? TransfersPerDeposit =>
        Transfers is { Runs.Count: > 0 } t && Deposits is { Runs.Count: > 0 } d && d.MedianThroughput > 0 ? t.MedianThroughput / d.MedianThroughput : null;

    /// <summary>Deposits per second over pgbench single-row inserts per second.</summary>
    public double? Ratio => PerPgBench(Deposits);

    /// <summary>Batched deposits (events) per second over pgbench single-row inserts per second.</summary>
    public double? BatchRatio => PerPgBench(Batch);

    private double? PerPgBench(ScenarioRuns? scenario) =>
        scenario is { Runs.Count: > 0 } s && PgBench is { Tps: > 0 } p ? s.MedianThroughput / p.Tps : null;

    public IEnumerable<Target> Targets()
    {
        yield return new Target(
            "Deposits throughput ≥ PostgreSQL single-row insert rate",
            PgBench is null ? "≥ pgbench tps (not measured)" : $"≥ {PgBench.Tps:N0}/s (ratio ≥ 1.00)",
            Deposits is null ? "not run" : Ratio is { } ratio ? $"{Deposits.MedianThroughput:N0}/s (ratio {ratio:0.00})" : $"{Deposits.MedianThroughput:N0}/s",
            Deposits is null || Ratio is null ? null : Ratio >= 1.0);
        yield return new Target(
            "Deposits p99 latency",
            $"< {DepositsP99TargetMs:0} ms",
            Deposits is null ? "not run" : $"{Deposits.MedianP99Ms:0.0} ms",
            Deposits is null ? null : Deposits.MedianP99Ms < DepositsP99TargetMs);
        yield return new Target(
            $"Batched deposits (batches of {Options.BatchSize}) ≥ {BatchPerPgBenchTarget:0} × PostgreSQL single-row insert rate",
            PgBench is null ? $"≥ {BatchPerPgBenchTarget:0} × pgbench tps (not measured)" : $"≥ {BatchPerPgBenchTarget * PgBench.Tps:N0} events/s (ratio ≥ {BatchPerPgBenchTarget:0.00})",
            Batch is null ? "not run" : BatchRatio is { } batchRatio ? $"{Batch.MedianThroughput:N0} events/s (ratio {batchRatio:0.00})" : $"{Batch.MedianThroughput:N0} events/s",
            Batch is null || BatchRatio is null ? null : BatchRatio >= BatchPerPgBenchTarget);
        yield return new Target(
            "One hot account throughput",
            $"≥ {HotTargetPerSecond:N0} commands/s",
            Hot is null ? "not run" : $"{Hot.MedianThroughput:N0}/s",
            Hot is null ? null : Hot.MedianThroughput >= HotTargetPerSecond);
        yield return new Target(
            "Transfers throughput",
            $"≥ {TransfersTargetPerSecond:N0} completed/s",
            Transfers is null ? "not run" : $"{Transfers.MedianThroughput:N0}/s",
            Transfers is null ? null : Transfers.MedianThroughput >= TransfersTargetPerSecond);
        yield return new Target(
            "Transfers ÷ deposits (completed transfers/s over deposits/s, same run)",
            $"≥ {TransfersPerDepositTarget:0.0}",
            TransfersPerDeposit is { } perDeposit ? $"{perDeposit:0.00} ({Transfers!.MedianThroughput:N0} ÷ {Deposits!.MedianThroughput:N0})" : "not run",
            TransfersPerDeposit is null ? null : TransfersPerDeposit >= TransfersPerDepositTarget);
        yield return new Target(
            "Transfers p99 latency",
            $"≤ {TransfersP99TargetMs:0} ms",
            Transfers is null ? "not run" : $"{Transfers.MedianP99Ms:0.0} ms",
            Transfers is null ? null : Transfers.MedianP99Ms <= TransfersP99TargetMs);
        yield return new Target(
            $"Machine CPU per deposit ≤ {CpuPerDepositOverPgBenchTarget:0} × pgbench's per single-row commit (every process, medians)",
            $"ratio ≤ {CpuPerDepositOverPgBenchTarget:0.00}",
            CpuPerDepositOverPgBench is { } cpuRatio
                ? $"{Deposits!.MedianCpuMicrosPerOperation:N0} µs ÷ {PgBenchCpuMicrosPerCommit:N0} µs = {cpuRatio:0.00}"
                : "not measured",
            CpuPerDepositOverPgBench is null ? null : CpuPerDepositOverPgBench <= CpuPerDepositOverPgBenchTarget);
        yield return new Target(
            $"Time travel p99 latency on an account with {TimeTravelTargetEvents:N0} events (the node's snapshot interval)",
            $"≤ {TimeTravelP99TargetMs:0} ms",
            TimeTravel is null ? "not run" : $"{TimeTravel.MedianP99Ms:0.0} ms on {Options.TimeTravelEvents:N0} events",
            TimeTravel is null || Options.TimeTravelEvents < TimeTravelTargetEvents ? null : TimeTravel.MedianP99Ms <= TimeTravelP99TargetMs);
        yield return new Target(
            "Projection lag idle (write acknowledged → visible in GET /accounts/{id})",
            $"p99 ≤ {LagIdleP99TargetMs:0} ms",
            LagIdle is { } idle ? $"p50 {idle.P50Ms:0.0} ms, p99 {idle.P99Ms:0.0} ms" : "not run",
            LagIdle is null ? null : LagIdle.P99Ms <= LagIdleP99TargetMs);
        yield return new Target(
            "Projection lag under half the maximum write rate",
            $"p99 ≤ {LagP99TargetMs:0} ms",
            LagUnderLoad is { } lag ? $"p50 {lag.P50Ms:0.0} ms, p99 {lag.P99Ms:0.0} ms at {lag.BackgroundWritesPerSecond:N0} writes/s" : "not run",
            LagUnderLoad is null ? null : LagUnderLoad.P99Ms <= LagP99TargetMs);
        yield return new Target(
            "Projector catch-up (rebuild: the journal loaded, then the stream)",
            $"≥ {CatchUpTargetPerSecond:N0} events/s",
            CatchUp is null ? "not run" : $"{CatchUp.EventsPerSecond:N0} events/s ({CatchUp.Events:N0} events in {CatchUp.Seconds:0.0} s)",
            CatchUp is null ? null : CatchUp.EventsPerSecond >= CatchUpTargetPerSecond);
        yield return new Target(
            "Reads: GET /accounts/{id} from the read model ÷ the bare node's GET /healthz (same connections, same run)",
            $"ratio ≥ {ReadsPerHealthzTarget:0.0}",
            ReadsPerHealthz is { } readRatio ? $"{readRatio:0.00} ({Reads!.MedianThroughput:N0} ÷ {Healthz!.MedianThroughput:N0})" : Reads is null ? "not run" : $"{Reads.MedianThroughput:N0}/s",
            ReadsPerHealthz is null ? null : ReadsPerHealthz >= ReadsPerHealthzTarget);
    }
}

internal sealed record Target(string Name, string Goal, string Measured, bool? Met)
{
    public string Status => Met switch { true => "met", false => "not met", null => "n/a" };
}
