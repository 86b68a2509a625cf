using System.Globalization;
using System.Text;

namespace Chronicle.Bench;

/// <summary>Renders the results: a plain table for the console, Markdown for docs/BENCHMARKS.md.</summary>
internal static class Report
{
    private const string NotesHeading = "## Notes";

    private const string DefaultNotes = """
        ## Notes

        _Free text: this section is kept when the file is regenerated; everything above it is rewritten._
        """;

    public static string Console(BenchResults results)
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(Invariant($"{"scenario",-14} {"run",-6} {"req/s",10} {"p50 ms",9} {"p99 ms",9} {"max ms",9} {"requests",10}  errors   (batch: events/s, latency per batch)"));
        foreach (var scenario in results.Http)
        {
            var pending = (long count) => scenario.CountsPending ? Invariant($"   pending (202) {count:N0}") : "";
            for (var i = 0; i < scenario.Runs.Count; i++)
            {
                var r = scenario.Runs[i];
                sb.AppendLine(Invariant($"{scenario.Name,-14} {i + 1,-6} {r.Throughput,10:N0} {r.P50Ms,9:0.00} {r.P99Ms,9:0.00} {r.MaxMs,9:0.0} {r.Requests,10:N0}  {Errors(r.Errors)}{pending(r.Pending)}"));
            }
            if (scenario.Runs.Count > 1)
                sb.AppendLine(Invariant($"{scenario.Name,-14} {"median",-6} {scenario.MedianThroughput,10:N0} {scenario.MedianP50Ms,9:0.00} {scenario.MedianP99Ms,9:0.00} {scenario.MaxMs,9:0.0} {"",10}  {Errors(scenario.ErrorsByKind)}{pending(scenario.Pending)}"));
        }
        if (results.PgBench is { } pg)
            sb.AppendLine(Invariant($"{"pgbench",-14} {"1",-6} {pg.Tps,10:N0} {"",9} {"",9} {"",9} {pg.Transactions,10:N0}  failed {pg.Failed}   (avg latency {pg.LatencyAverageMs:0.00} ms, {pg.Clients} clients)"));
        if (results.Ratio is { } ratio) sb.AppendLine(Invariant($"ratio deposits/pgbench: {ratio:0.00}"));
        if (results.BatchRatio is { } batchRatio) sb.AppendLine(Invariant($"ratio batched deposits (events/s)/pgbench: {batchRatio:0.00}"));
        if (results.ReadsPerHealthz is { } readRatio) sb.AppendLine(Invariant($"ratio reads/healthz: {readRatio:0.00}"));
        if (results.CpuPerDepositOverPgBench is { } cpuRatio) sb.AppendLine(Invariant($"ratio machine CPU per deposit/per pgbench commit: {cpuRatio:0.00}"));
        foreach (var l in results.Lag ?? [])
            sb.AppendLine(Invariant($"{l.Label,-14} p50 {l.P50Ms:0.0} ms, p99 {l.P99Ms:0.0} ms, max {l.MaxMs:0.0} ms over {l.Samples} probes, background writes {l.BackgroundWritesPerSecond:N0}/s"));
        if (results.CatchUp is { } c)
            sb.AppendLine(Invariant($"{"catch-up",-14} {c.EventsPerSecond:N0} events/s ({c.Events:N0} events in {c.Seconds:0.0} s)"));
        sb.AppendLine();
        foreach (var target in results.Targets())
            sb.AppendLine($"{target.Status,-8} {target.Name}: goal {target.Goal}, measured {target.Measured}");
        foreach (var failure in results.Failures) sb.AppendLine($"FAILED   {failure}");
        return sb.ToString();
    }

    /// <summary>Rewrites the file from <paramref name="results"/>, keeping its cluster section (written by its own scenario) and its notes.</summary>
    public static async Task WriteMarkdownAsync(BenchResults results, string path)
    {
        var old = File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : "";
        var cluster = ExtractSection(old, ClusterReport.Heading);
        await WriteAsync(path, Markdown(results) + "\n" + (cluster is null ? "" : cluster.TrimEnd() + "\n\n") + Notes(old)).ConfigureAwait(false);
    }

    /// <summary>Replaces the section under <paramref name="heading"/> (or adds it before the notes), keeping the rest of the file.</summary>
    public static async Task WriteSectionAsync(string path, string heading, string section)
    {
        var old = File.Exists(path) ? await File.ReadAllTextAsync(path).ConfigureAwait(false) : "# Benchmarks\n\n";
        var notes = ExtractSection(old, NotesHeading);
        var rest = old;
        foreach (var kept in new[] { ExtractSection(old, heading), notes }.OfType<string>()) rest = rest.Replace(kept, "", StringComparison.Ordinal);
        await WriteAsync(path, rest.TrimEnd() + "\n\n" + section.TrimEnd() + "\n\n" + Notes(old)).ConfigureAwait(false);
    }

    private static string Notes(string markdown) => (ExtractSection(markdown, NotesHeading) ?? DefaultNotes).TrimEnd() + "\n";

    private static async Task WriteAsync(string path, string text)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The section whose level-2 heading starts with <paramref name="heading"/>, up to the next level-2 heading or the end of the file.</summary>
    public static string? ExtractSection(string markdown, string heading)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading || l.StartsWith(heading + " ", StringComparison.Ordinal));
        if (start < 0) return null;
        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    public static string Markdown(BenchResults results)
    {
        var o = results.Options;
        var m = results.Machine;
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine("<!-- Generated by Chronicle.Bench (`./chronicle bench`). Everything above \"## Notes\" is rewritten on every run. -->");
        sb.AppendLine();
        sb.AppendLine(Invariant($"""
            What is measured: closed-loop HTTP load against one Chronicle node, from a client on the same
            machine. {o.Connections} workers each keep one request in flight over their own keep-alive
            connection. {RunStart(o)} sends its load unmeasured until the node's JIT has settled (under 1% of a
            core compiling over 2 s, by the node's `dotnet_jit_compilation_time_seconds_total`; at most 120 s): a
            fresh node spends a minute or more compiling. Then, after a {o.WarmupSeconds} s warm-up, every request
            that completes inside the {o.DurationSeconds} s measured window is counted. Throughput is successful commands (201; 200 for
            the reads of timetravel and reads) per second; latency is client-side, from sending the request to the
            last byte of the answer (a write's answer read into its typed result), over all requests in the window;
            any other answer is an error, listed by status (except a transfer's 202, listed as pending).
            Each command is a durable write: the event is in PostgreSQL before the 201. Every write, set-up
            included, goes through Chronicle.Client with an Idempotency-Key of its own, as real clients send them.

            - **deposits**: {o.Accounts:N0} fresh accounts, `POST /commands/deposit` of small amounts to a random account.
            - **batch**: {o.Accounts:N0} fresh accounts, `POST /commands/batch` of {o.BatchSize} deposits of small amounts to random
              accounts, each deposit with an `idempotency_key` of its own, {BatchBench.Connections} batches in flight. Throughput is
              deposits answered 201 per second (events/s; a deposit answered otherwise is an error); latency is per batch.
            - **hot**: one account (balance 1,000,000.00), alternating `POST /commands/withdraw` and `/commands/deposit` of 1.00.
            - **transfers**: {o.Accounts:N0} fresh accounts (balance 1,000,000.00 each), `POST /commands/transfer` of small amounts
              between two distinct random accounts. Throughput counts completed transfers (201: the source's send and
              the target's credit are both durable); 202 (credit not answered within the source's 2.5 s wait) is listed as
              pending, neither completed nor an error; latency is over all answers.
            - **timetravel**: one fresh account of {o.TimeTravelEvents:N0} events, its creation and {o.TimeTravelDeposits:N0} deposits
              (written first, through the API, {o.Connections} in flight; a snapshot every `Chronicle:Accounts:SnapshotEveryEvents`
              events, its default in docs/CONFIGURATION.md), then {TimeTravelBench.Connections} workers
              `GET /accounts/<id>/balance-at` at instants drawn uniformly between its creation and its last deposit: each answer is the
              nearest snapshot plus up to that many events read from PostgreSQL. The deposits are set-up, not measured.
            - **reads**: {o.Accounts:N0} fresh accounts, `GET /accounts/<id>` of a random one, answered from the read model
              (success is 200), once the projector holds everything the journal held when the accounts were made.
            - **healthz** (the reads' yardstick): `GET /healthz` on the same {o.Connections} connections right after each reads
              run: the bare node's answer rate (HTTP, authentication, the middleware, no data). Reads are measured by
              their ratio to it.
            - **lag**: one probe at a time ({o.LagSamples} probes): a deposit, then `GET /accounts/<id>` back to back until the
              read model (header `X-Read-Source: read-model`) shows the deposit's version; lag is from the deposit's 201 to
              that answer. Measured idle, then with an open-loop deposit load at half the maximum write rate (half the
              deposits throughput of the same run) on other accounts.
            - **catch-up**: the journal is filled to {o.CatchUpEvents:N0} ledger events if it holds fewer, the projector is
              let catch up, then `POST /admin/rebuild` empties the read model, which is loaded from the journal, then the
              partitions project what the stream holds past the load (docs/READ-MODEL.md, "Rebuild"); timed until the partitions' applied counts (`projector_checkpoint.events_applied`) reach the
              journal's ledger events and the node says the rebuild is over (`GET /admin/projector`: the indexes the load dropped built
              again, the partitions running and caught up).
            - **pgbench** (yardstick): PostgreSQL's own single-row `INSERT` rate on the same server, {o.PgClients} clients,
              one insert per transaction, fsync as configured on the server (on), no think time.
            """));
        if (o.Repeat > 1)
            sb.AppendLine(Invariant($"\nEach HTTP scenario ran {o.Repeat} times; the headline figures are medians across runs (max latency is the max over runs)."));
        sb.AppendLine();

        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("Targets on the 2-core machine with everything on it (node, PostgreSQL and this client).");
        sb.AppendLine();
        sb.AppendLine("| target | goal | measured | status |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var t in results.Targets()) sb.AppendLine($"| {t.Name} | {t.Goal} | {t.Measured} | {(t.Met == true ? "**met**" : t.Status)} |");
        foreach (var failure in results.Failures) sb.AppendLine().Append("**Failed:** ").AppendLine(failure);
        sb.AppendLine();

        sb.AppendLine("## Machine and run");
        sb.AppendLine();
        sb.AppendLine($"- CPU: {m.Cpu}, {m.Cores} cores visible");
        sb.AppendLine($"- Memory: {m.Memory}");
        sb.AppendLine($"- OS: {m.Os}, kernel {m.Kernel}");
        sb.AppendLine($"- .NET: {m.Dotnet}");
        if (results.PgBench is { } pgInfo)
            sb.AppendLine($"- PostgreSQL: {pgInfo.ServerVersion}, fsync={pgInfo.Fsync}, synchronous_commit={pgInfo.SynchronousCommit}");
        sb.AppendLine($"- Repository HEAD at run time: {m.Commit}");
        sb.AppendLine($"- Date: {results.Started:yyyy-MM-dd HH:mm} UTC (run id `{results.RunId}`)");
        sb.AppendLine($"- Target: {o.Url}");
        sb.AppendLine(o.Traced
            ? "- Tracing: every request traced (`--traced`: no `traceparent` sent, the node samples each; in `./chronicle up` the Aspire dashboard receives them)"
            : "- Tracing: none recorded (each request's `traceparent` says not sampled, as for the requests a production node's sampler leaves out; `--traced` to trace each)");
        sb.AppendLine();
        sb.AppendLine("Command:");
        sb.AppendLine();
        sb.AppendLine("```sh");
        sb.AppendLine(o.CommandLine);
        sb.AppendLine("```");
        sb.AppendLine();

        foreach (var scenario in results.Http)
        {
            // Transfers get a "pending (202)" column; deposits and hot never answer 202.
            var pending = (long count) => scenario.CountsPending ? Invariant($" {count:N0} |") : "";
            sb.AppendLine($"## {scenario.Title}");
            sb.AppendLine();
            sb.AppendLine($"| run | throughput ({scenario.Unit}) | p50 (ms) | p99 (ms) | max (ms) | requests |" + (scenario.CountsPending ? " pending (202) |" : "") + " errors |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|" + (scenario.CountsPending ? "---:|" : "") + "---|");
            for (var i = 0; i < scenario.Runs.Count; i++)
            {
                var r = scenario.Runs[i];
                sb.AppendLine(Invariant($"| {i + 1} | {r.Throughput:N0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.MaxMs:0.0} | {r.Requests:N0} |{pending(r.Pending)} {Errors(r.Errors)} |"));
            }
            if (scenario.Runs.Count > 1)
                sb.AppendLine(Invariant($"| **median** | **{scenario.MedianThroughput:N0}** | {scenario.MedianP50Ms:0.00} | {scenario.MedianP99Ms:0.00} | {scenario.MaxMs:0.0} | |{pending(scenario.Pending)} {Errors(scenario.ErrorsByKind)} |"));
            sb.AppendLine();
        }

        if (results.PgBench is { } pg)
        {
            sb.AppendLine("## PostgreSQL yardstick (pgbench)");
            sb.AppendLine();
            sb.AppendLine("| clients | inserts/s (tps) | avg latency (ms) | transactions | failed |");
            sb.AppendLine("|---:|---:|---:|---:|---:|");
            sb.AppendLine(Invariant($"| {pg.Clients} | {pg.Tps:N0} | {pg.LatencyAverageMs:0.00} | {pg.Transactions:N0} | {pg.Failed} |"));
            sb.AppendLine();
            sb.AppendLine(Invariant($"`{pg.Command}` against `{pg.Host}:{pg.Port}` as `{pg.User}`, database `{PgBench.Database}`; script.sql:"));
            sb.AppendLine();
            sb.AppendLine("```sql");
            sb.AppendLine(@"\set aid random(1, 1000)");
            sb.AppendLine("INSERT INTO bench_insert (account_id, amount, note) VALUES (:aid, 100, 'deposit');");
            sb.AppendLine("```");
            sb.AppendLine();
            sb.AppendLine(results.Ratio is { } ratio
                ? Invariant($"**Ratio** deposits/s ÷ pgbench inserts/s = {results.Deposits!.MedianThroughput:N0} ÷ {pg.Tps:N0} = **{ratio:0.00}**.")
                : "Ratio: n/a (deposits not run).");
            sb.AppendLine();
        }

        if (results.Lag is { Count: > 0 } lags)
        {
            sb.AppendLine("## Projection lag");
            sb.AppendLine();
            sb.AppendLine("| measurement | background writes/s | probes | p50 (ms) | p99 (ms) | max (ms) |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var l in lags)
                sb.AppendLine(Invariant($"| {l.Label} | {l.BackgroundWritesPerSecond:N0} | {l.Samples} | {l.P50Ms:0.0} | {l.P99Ms:0.0} | {l.MaxMs:0.0} |"));
            sb.AppendLine();
        }

        if (results.CatchUp is { } catchUp)
        {
            sb.AppendLine("## Projector catch-up");
            sb.AppendLine();
            sb.AppendLine("| events | seconds | events/s |");
            sb.AppendLine("|---:|---:|---:|");
            sb.AppendLine(Invariant($"| {catchUp.Events:N0} | {catchUp.Seconds:0.0} | {catchUp.EventsPerSecond:N0} |"));
            sb.AppendLine();
        }

        AppendCpu(sb, results);
        return sb.ToString();
    }

    private static void AppendCpu(StringBuilder sb, BenchResults results)
    {
        var rows = new List<(string Name, CpuSplit Cpu)>();
        foreach (var scenario in results.Http)
        {
            for (var i = 0; i < scenario.Runs.Count; i++)
                if (scenario.Runs[i].Cpu is { } cpu) rows.Add((scenario.Runs.Count > 1 ? $"{scenario.Name} #{i + 1}" : scenario.Name, cpu));
        }
        if (results.PgBench?.Cpu is { } pgCpu) rows.Add(("pgbench", pgCpu));
        if (rows.Count == 0) return;

        var groups = CpuSampler.Groups;
        sb.AppendLine("## Where the CPU went");
        sb.AppendLine();
        sb.AppendLine("Cores used during the measured window, from /proc (1.00 = one core busy all the time). `chronicle node` is the process listening on the target port, `postgres` the journal's server (on the PostgreSQL port, with its backends), `read postgres` the read model's, `nats` nats-server, `other nodes` the other Chronicle nodes (a projector or ledger of its own), `aspire` the dev stack's orchestrator, dashboard and AppHost (which receive every trace); `other` is the rest of the machine's busy time (builds, tests, kernel work not charged to these processes), which competes for the same cores. Machine busy is over all cores.");
        sb.AppendLine();
        sb.AppendLine("| scenario | " + string.Join(" | ", groups) + " | machine busy |");
        sb.AppendLine("|---|" + string.Concat(groups.Select(_ => "---:|")) + "---:|");
        foreach (var (name, cpu) in rows)
            sb.AppendLine($"| {name} | " + string.Join(" | ", groups.Select(g => Invariant($"{cpu.CoresByGroup.GetValueOrDefault(g):0.00}")))
                + Invariant($" | {cpu.MachineBusyPercent:0}% |"));
        sb.AppendLine();
        AppendCpuPerOperation(sb, results, groups);
    }

    /// <summary>
    /// CPU per operation by process (µs): cores used × 1,000,000 ÷ operations per second, run by run. It moves far less
    /// than throughput on a noisy machine, so scenarios compare by it; pgbench's row is per committed insert.
    /// </summary>
    private static void AppendCpuPerOperation(StringBuilder sb, BenchResults results, string[] groups)
    {
        var rows = new List<(string Name, CpuSplit Cpu, double PerSecond)>();
        foreach (var scenario in results.Http)
            for (var i = 0; i < scenario.Runs.Count; i++)
                if (scenario.Runs[i] is { Cpu: { } cpu, Throughput: > 0 } run)
                    rows.Add((scenario.Runs.Count > 1 ? $"{scenario.Name} #{i + 1}" : scenario.Name, cpu, run.Throughput));
        if (results.PgBench is { Cpu: { } pgCpu, Tps: > 0 } pg) rows.Add(("pgbench (per commit)", pgCpu, pg.Tps));
        if (rows.Count == 0) return;

        sb.AppendLine("CPU per operation (µs), by process: cores used × 1,000,000 ÷ operations per second in the same window.");
        sb.AppendLine();
        sb.AppendLine("| scenario | " + string.Join(" | ", groups) + " | all (µs) |");
        sb.AppendLine("|---|" + string.Concat(groups.Select(_ => "---:|")) + "---:|");
        foreach (var (name, cpu, perSecond) in rows)
        {
            var micros = groups.Select(g => CpuSplit.MicrosPerOperation(cpu, perSecond, g)).ToList();
            sb.AppendLine($"| {name} | " + string.Join(" | ", micros.Select(us => Invariant($"{us:N0}"))) + Invariant($" | {micros.Sum():N0} |"));
        }
        sb.AppendLine();
    }

    public static string Errors(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0 ? "0" : string.Join(", ", errors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Invariant($"{kv.Key} × {kv.Value:N0}")));

    /// <summary>How each run begins, as the method paragraph tells it: after the read model has caught up, unless the node has none.</summary>
    private static string RunStart(BenchOptions o) => o.NoReadModel
        ? "The node runs no projector (`--no-read-model`). Each run"
        : "Each run starts once the read model holds every event the journal holds (the runs before it, batches above all, leave " +
          "the projector behind, and its catching up would share the machine and the CPU figures with the run), then";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
