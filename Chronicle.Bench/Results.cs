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
    ScenarioRuns? Batch = null)
{
    public const double DepositsP99TargetMs = 50;
    public const double HotTargetPerSecond = 5000;
    public const double TransfersTargetPerSecond = 5000;

    /// <summary>Completed transfers per second over deposits per second, both keyed, same run: at least this (issue 14).</summary>
    public const double TransfersPerDepositTarget = 0.5;

    public const double TransfersP99TargetMs = 100;
    public const double LagP99TargetMs = 100;
    public const double CatchUpTargetPerSecond = 50_000;
    public const double ReadsTargetPerSecond = 30_000;
    public const double TimeTravelP99TargetMs = 20;

    /// <summary>Batched deposits (events/s) over pgbench's single-row commits per second, same run: at least this (issue 16).</summary>
    public const double BatchPerPgBenchTarget = 3.0;

    /// <summary>The HTTP scenarios that ran, in run order.</summary>
    public IEnumerable<ScenarioRuns> Http => new[] { Deposits, Batch, Hot, Transfers, TimeTravel, Reads }.OfType<ScenarioRuns>();

    /// <summary>The lag measured with background writes (the target's condition), if any ran.</summary>
    public LagResult? LagUnderLoad => Lag?.FirstOrDefault(l => l.BackgroundWritesPerSecond > 0);

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
            $"Time travel p99 latency ({Options.Events + 1:N0} events, snapshot every 1,000)",
            $"≤ {TimeTravelP99TargetMs:0} ms",
            TimeTravel is null ? "not run" : $"{TimeTravel.MedianP99Ms:0.0} ms",
            TimeTravel is null ? null : TimeTravel.MedianP99Ms <= TimeTravelP99TargetMs);
        yield return new Target(
            "Projection lag under half the maximum write rate (write acknowledged → visible in GET /accounts/{id})",
            $"p99 ≤ {LagP99TargetMs:0} ms",
            LagUnderLoad is { } lag ? $"p50 {lag.P50Ms:0.0} ms, p99 {lag.P99Ms:0.0} ms at {lag.BackgroundWritesPerSecond:N0} writes/s" : "not run",
            LagUnderLoad is null ? null : LagUnderLoad.P99Ms <= LagP99TargetMs);
        yield return new Target(
            "Projector catch-up (rebuild from the stream)",
            $"≥ {CatchUpTargetPerSecond:N0} events/s",
            CatchUp is null ? "not run" : $"{CatchUp.EventsPerSecond:N0} events/s ({CatchUp.Events:N0} events in {CatchUp.Seconds:0.0} s)",
            CatchUp is null ? null : CatchUp.EventsPerSecond >= CatchUpTargetPerSecond);
        yield return new Target(
            "Reads: GET /accounts/{id} from the read model",
            $"≥ {ReadsTargetPerSecond:N0}/s",
            Reads is null ? "not run" : $"{Reads.MedianThroughput:N0}/s",
            Reads is null ? null : Reads.MedianThroughput >= ReadsTargetPerSecond);
    }
}

internal sealed record Target(string Name, string Goal, string Measured, bool? Met)
{
    public string Status => Met switch { true => "met", false => "not met", null => "n/a" };
}
