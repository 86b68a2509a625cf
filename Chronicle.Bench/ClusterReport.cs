using System.Globalization;
using System.Text;

namespace Chronicle.Bench;

/// <summary>Renders <see cref="ClusterResults"/>: console lines, and the "## Cluster" section of docs/BENCHMARKS.md.</summary>
internal static class ClusterReport
{
    public const string Heading = "## Cluster";

    /// <summary>Rows of the timeline: one per this many seconds around the kill.</summary>
    private const int TimelineStep = 5;

    public static string Console(ClusterResults results)
    {
        var sb = new StringBuilder().AppendLine();
        foreach (var (nodes, d) in results.Layouts)
            sb.AppendLine(Invariant($"deposits, {nodes} ledger node(s): {d.Throughput,8:N0}/s  p50 {d.P50Ms:0.00} ms  p99 {d.P99Ms:0.00} ms  max {d.MaxMs:0.0} ms  errors {Report.Errors(d.Errors)}"));
        if (results.Failover is { } f)
        {
            sb.AppendLine(Invariant($"failover: before the kill {f.Before.Throughput:N0}/s p99 {f.Before.P99Ms:0.0} ms; after, over {f.After.Seconds} s: {f.After.Succeeded:N0} ok, errors {Report.Errors(f.After.Errors)}, p50 {f.After.P50Ms:0.0} ms, p99 {f.After.P99Ms:0.0} ms, max {f.After.MaxMs:0.0} ms"));
            sb.AppendLine($"failover: last error {Seconds(f.ErrorsEndedAfterSeconds, "none")} after the kill; throughput back to half or more {Seconds(f.RecoveredAfterSeconds, "not within the window")}");
        }
        foreach (var failure in results.Failures) sb.AppendLine($"FAILED   {failure}");
        return sb.ToString();
    }

    public static string Markdown(ClusterResults results)
    {
        var o = results.Options;
        var sb = new StringBuilder();
        sb.AppendLine($"{Heading} (`--scenario cluster`)");
        sb.AppendLine();
        sb.AppendLine("<!-- Written by `./chronicle bench --scenario cluster`; the other scenarios keep this section as it is. -->");
        sb.AppendLine();
        sb.AppendLine(Invariant($"""
            The deposits scenario ({o.Accounts:N0} fresh accounts, {o.Connections} connections, {o.WarmupSeconds} s warm-up,
            {o.DurationSeconds} s measured) through gateway-1, the cluster started afresh with `./chronicle up --nodes N`: N ledger
            processes hosting the account shards, gateway-1 reaching them through shard region proxies, projector-1.
            All on this one machine, so three ledger nodes share its cores with everything else: the figures show the
            cost of the extra hop and of the processes, not the scale-out a cluster of machines would give.
            """));
        sb.AppendLine();
        sb.AppendLine("| ledger nodes | deposits/s | p50 (ms) | p99 (ms) | max (ms) | requests | errors |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (nodes, d) in results.Layouts)
            sb.AppendLine(Invariant($"| {nodes} | {d.Throughput:N0} | {d.P50Ms:0.00} | {d.P99Ms:0.00} | {d.MaxMs:0.0} | {d.Requests:N0} | {Report.Errors(d.Errors)} |"));
        sb.AppendLine();

        if (results.Failover is { } f)
        {
            sb.AppendLine("### A ledger node killed");
            sb.AppendLine();
            sb.AppendLine(Invariant($"""
                On the three-node cluster: deposits of 1.00 to {o.Accounts:N0} fresh accounts, {o.Connections} connections,
                closed loop; after {o.WarmupSeconds} s warm-up and {o.DurationSeconds} s steady, ledger-{ClusterBench.Victim} gets SIGKILL and the load
                goes on for {o.FailoverSeconds} s. Requests for its accounts wait until the gateway's command timeout (10 s,
                then 503: "may or may not have happened, retry with the same Idempotency-Key") until the split-brain
                resolver downs the node (failure detection, then `stable-after` 15 s) and the shards start on the
                survivors (after the removal margin, 15 s). Closed loop: workers stuck on those accounts send nothing else,
                so the throughput drops with them.
                """));
            sb.AppendLine();
            sb.AppendLine("| window | requests | ok | errors | p50 (ms) | p99 (ms) | max (ms) |");
            sb.AppendLine("|---|---:|---:|---|---:|---:|---:|");
            foreach (var (name, r) in new[] { ($"{o.DurationSeconds} s before the kill", f.Before), ($"{o.FailoverSeconds} s from the kill", f.After) })
                sb.AppendLine(Invariant($"| {name} | {r.Requests:N0} | {r.Succeeded:N0} | {Report.Errors(r.Errors)} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.MaxMs:0.0} |"));
            sb.AppendLine();
            sb.AppendLine($"Last failed request completed {Seconds(f.ErrorsEndedAfterSeconds, "(none failed)")} after the kill; throughput back to half the steady rate or more, for good, {Seconds(f.RecoveredAfterSeconds, "not within the window")} after it.");
            sb.AppendLine();
            sb.AppendLine(Invariant($"Timeline ({TimelineStep} s per row, t = seconds since the kill, by completion time):"));
            sb.AppendLine();
            sb.AppendLine("| t (s) | ok/s | errors | max latency (ms) |");
            sb.AppendLine("|---:|---:|---:|---:|");
            foreach (var step in f.Timeline.Where(s => s.Second < f.After.Seconds).GroupBy(s => (int)Math.Floor(s.Second / (double)TimelineStep) * TimelineStep))
                sb.AppendLine(Invariant($"| {step.Key} | {step.Sum(s => s.Succeeded) / (double)step.Count():N0} | {step.Sum(s => s.Errors):N0} | {step.Max(s => s.MaxMs):0} |"));
            sb.AppendLine();
        }

        foreach (var failure in results.Failures) sb.AppendLine().Append("**Failed:** ").AppendLine(failure);
        var m = results.Machine;
        sb.AppendLine(Invariant($"Run {results.Started:yyyy-MM-dd HH:mm} UTC (`{results.RunId}`) at {m.Commit}, {m.Cpu}, {m.Cores} cores, {m.Memory}: `{o.CommandLine}`"));
        sb.AppendLine();
        return sb.ToString();
    }

    private static string Seconds(int? seconds, string none) => seconds is { } s ? Invariant($"{s} s") : none;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
