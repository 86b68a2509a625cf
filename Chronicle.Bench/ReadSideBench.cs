using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Chronicle.Client;

namespace Chronicle.Bench;

/// <summary>Write acknowledged → visible in GET /accounts/{id} (answered from the read model), one probe at a time.</summary>
internal sealed record LagResult(string Label, int Samples, double P50Ms, double P99Ms, double MaxMs, double BackgroundWritesPerSecond);

/// <summary>A rebuild of the read model from empty: the journal loaded, then the stream (docs/READ-MODEL.md, "Rebuild").</summary>
internal sealed record CatchUpResult(long Events, double Seconds)
{
    public double EventsPerSecond => Events / Seconds;
}

/// <summary>
/// The read side's figures: projection lag (idle and under write load), the projector's catch-up
/// rate on a backlog, and GET /accounts/{id} throughput from the read model.
/// </summary>
internal static class ReadSideBench
{
    private const int ProbeAccounts = 20;
    private const string ReadModelSource = "read-model";
    private static readonly TimeSpan VisibleDeadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Samples one probe at a time: a deposit, then GETs back to back until the read model shows its
    /// version. With <paramref name="writesPerSecond"/> &gt; 0, an open-loop deposit load runs meanwhile.
    /// </summary>
    public static async Task<LagResult> LagAsync(LoadClient client, BenchOptions options, string runId, string label, double writesPerSecond)
    {
        var probes = Enumerable.Range(0, ProbeAccounts).Select(i => Id(runId, label, "probe", i)).ToArray();
        await CreateAsync(client, probes);
        await Backlog.AwaitProjectedAsync(options, label);
        foreach (var probe in probes) await AwaitVisibleAsync(client, probe, 1);

        using var stopLoad = new CancellationTokenSource();
        var load = writesPerSecond > 0 ? BackgroundLoadAsync(client, options, runId, label, writesPerSecond, stopLoad.Token) : Task.CompletedTask;
        try
        {
            // Let the load reach its rate before sampling.
            if (writesPerSecond > 0) await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.WarmupSeconds, 5)));
            var samples = new List<double>(options.LagSamples);
            for (var i = 0; i < options.LagSamples; i++)
            {
                var account = probes[i % probes.Length];
                var deposit = await client.Ledger.DepositAsync(new DepositRequest(account, 0.01m));
                var acknowledged = Stopwatch.GetTimestamp();
                await AwaitVisibleAsync(client, account, deposit.Version);
                samples.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
            }
            samples.Sort();
            return new LagResult(label, samples.Count, Percentile(samples, 0.50), Percentile(samples, 0.99), samples[^1], writesPerSecond);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }
    }

    /// <summary>GET /accounts/{id} of random existing accounts, closed loop, from the read model.</summary>
    public static async Task<LoadResult> ReadsAsync(LoadClient client, BenchOptions options, string runId)
    {
        var ids = Enumerable.Range(0, options.Accounts).Select(i => Id(runId, "reads", "a", i)).ToArray();
        await CreateAsync(client, ids);
        await Backlog.AwaitProjectedAsync(options, "reads");
        await AwaitVisibleAsync(client, ids[^1], 1);
        var reads = ids.Select(id => LoadRequest.Get(client.Route($"/accounts/{id}"))).ToArray();
        return await LoadRun.RunAsync("reads", client, options.Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => reads[Random.Shared.Next(reads.Length)], successStatus: 200);
    }

    /// <summary>
    /// GET /healthz, closed loop, on the reads' connections: what the bare node answers per second (HTTP, authentication
    /// and the middleware, no data), the yardstick the reads are measured against.
    /// </summary>
    public static Task<LoadResult> HealthzAsync(LoadClient client, BenchOptions options)
    {
        var health = LoadRequest.Get(client.Route("/healthz"));
        return LoadRun.RunAsync("healthz", client, options.Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => health, successStatus: 200);
    }

    /// <summary>
    /// Makes sure the journal holds at least <c>--catchup-events</c> ledger events (writing deposits
    /// when it does not), waits for the projector to hold them all, then rebuilds the read model
    /// (POST /admin/rebuild) and times the projector until it has applied them all again.
    /// </summary>
    public static async Task<CatchUpResult> CatchUpAsync(LoadClient client, BenchOptions options, string runId)
    {
        var journal = await Psql.JournalEventsAsync(options);
        if (journal < options.CatchUpEvents)
        {
            Console.WriteLine(Invariant($"  [catch-up] journal holds {journal:N0} events; writing {options.CatchUpEvents - journal:N0} deposits first"));
            await FillAsync(client, options, runId, options.CatchUpEvents - journal);
            journal = await Psql.JournalEventsAsync(options);
        }
        await Backlog.AwaitAppliedAsync(options, journal, TimeSpan.FromMinutes(10), "before the rebuild");

        var (status, body) = await client.Operator.PostForTextAsync(client.Route("/admin/rebuild"));
        if (status != 202) throw new InvalidOperationException($"POST /admin/rebuild answered {status}: {body}");
        var watch = Stopwatch.StartNew();
        await Backlog.AwaitAppliedAsync(options, journal, TimeSpan.FromMinutes(30), "rebuilding");
        await AwaitRebuiltAsync(client);
        return new CatchUpResult(journal, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Waits until the node says the rebuild is over (its partitions running and caught up): the events are all applied
    /// before the load has built the read model's indexes again, and reads go back to the read model only after.
    /// </summary>
    private static Task AwaitRebuiltAsync(LoadClient client) =>
        Backlog.PollAsync(async () => (!(await client.Operator.Setup.GetProjectorAsync()).Rebuild.InProgress, "rebuild in progress"),
            TimeSpan.FromMinutes(10), "the read model holds every event");

    private static async Task FillAsync(LoadClient client, BenchOptions options, string runId, long events)
    {
        var ids = Enumerable.Range(0, options.Accounts).Select(i => Id(runId, "fill", "a", i)).ToArray();
        await CreateAsync(client, ids);
        var next = (long)ids.Length;
        await Task.WhenAll(Enumerable.Range(0, options.Connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= events)
            {
                var status = await client.WriteAsync(new DepositRequest(ids[Random.Shared.Next(ids.Length)], 0.01m));
                if (status != LoadRun.SuccessStatus) throw new InvalidOperationException($"fill deposit answered {status}");
            }
        })));
    }

    /// <summary>Deposits at a fixed rate across workers, each on its own schedule; a late send goes at once (no pile-up).</summary>
    private static async Task BackgroundLoadAsync(LoadClient client, BenchOptions options, string runId, string label, double perSecond, CancellationToken stop)
    {
        var ids = Enumerable.Range(0, options.Accounts).Select(i => Id(runId, label, "load", i)).ToArray();
        await CreateAsync(client, ids);
        const int workers = 32;
        var interval = TimeSpan.FromSeconds(workers / perSecond);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var due = Stopwatch.GetTimestamp() + (long)(interval.TotalSeconds * Stopwatch.Frequency * w / workers);
            while (!stop.IsCancellationRequested)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
                due += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                await client.WriteAsync(new DepositRequest(ids[Random.Shared.Next(ids.Length)], 0.01m));
            }
        })));
    }

    /// <summary>GETs the account until the read model (not the account-actor fallback) shows <paramref name="version"/>.</summary>
    private static async Task AwaitVisibleAsync(LoadClient client, string accountId, long version)
    {
        var route = client.Route($"/accounts/{accountId}");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < VisibleDeadline)
        {
            var (status, source, body) = await client.GetWithSourceAsync(route);
            if (status == 200 && source == ReadModelSource && JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt64() >= version) return;
        }
        throw new InvalidOperationException($"{accountId} version {version} not visible in the read model within {VisibleDeadline}");
    }

    private static async Task CreateAsync(LoadClient client, string[] ids)
    {
        foreach (var chunk in ids.Chunk(64))
            await Task.WhenAll(chunk.Select(id => client.Ledger.CreateAccountAsync(BenchRunner.Account(id, 100.00m))));
    }

    private static string Id(string runId, string label, string kind, int i) =>
        Invariant($"{runId}-{label.Replace(' ', '-')}-{kind}{i:D5}");

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
