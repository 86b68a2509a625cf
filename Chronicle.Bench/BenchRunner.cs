using System.Diagnostics;
using System.Globalization;
using Chronicle.Client;
using Chronicle.DevStack;

namespace Chronicle.Bench;

/// <summary>Runs the selected scenarios in order (pgbench, deposits, batch, hot, transfers, timetravel, reads, lag, catch-up), then prints and writes the report.</summary>
internal static class BenchRunner
{
    /// <summary>What the write scenarios deposit and transfer.</summary>
    internal static readonly decimal[] DepositAmounts = [0.01m, 0.25m, 1.00m, 2.50m, 7.00m];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var started = DateTimeOffset.UtcNow;
        var runId = string.Create(CultureInfo.InvariantCulture, $"bench-{started:yyyyMMddHHmmss}-{Random.Shared.Next(0x10000):x4}");
        var machine = await MachineInfo.ReadAsync();
        Console.WriteLine($"Chronicle.Bench {runId}: {options.Url}, {options.Connections} connections, warm-up {options.WarmupSeconds}s, measure {options.DurationSeconds}s, repeat {options.Repeat}, scenario {options.Scenario}");
        Console.WriteLine($"machine: {machine.Cpu}, {machine.Cores} cores, {machine.Memory}, {machine.Os}, {machine.Dotnet}");

        // The chain scenario times the hash chain's work per event in this process: its own console report, no BENCHMARKS.md.
        if (options.RunChain) return ChainBench.Run(options);
        // The feed scenario measures the forwarder, not the API: its own console report, no BENCHMARKS.md.
        if (options.RunFeed) return await FeedBench.RunAsync(options, runId);
        // The cluster scenario restarts the stack in other layouts: its own section of BENCHMARKS.md.
        if (options.RunCluster) return await ClusterBench.RunAsync(options, machine, started, runId);

        CpuSampler.Watch(options.Url.Port, options.PgPort, options.ReadPgPort);
        var failures = new List<string>();
        ScenarioRuns? deposits = null, batch = null, hot = null, transfers = null, timeTravel = null, reads = null, healthz = null;
        var lag = new List<LagResult>();
        CatchUpResult? catchUp = null;
        PgBenchResult? pgbench = null;

        // The yardstick first, on a quiet server: after the HTTP scenarios the node is still
        // forwarding their events to the feed and would take CPU from PostgreSQL.
        if (options.RunPgBench)
        {
            try
            {
                pgbench = await PgBench.RunAsync(options);
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"pgbench: {e.Message}");
                Console.Error.WriteLine($"error: {e.Message}");
            }
        }

        if (options.RunDeposits || options.RunBatch || options.RunHot || options.RunTransfers || options.RunTimeTravel || options.RunReads || options.RunLag || options.RunCatchUp)
        {
            using var client = new LoadClient(options.Url, options.Connections, StackKeys.FromEnvironment(), options.Traced);
            var ready = await Attempt("HTTP scenarios", failures, () => WaitReadyAsync(client));
            if (ready && options.RunDeposits)
            {
                var runs = new List<LoadResult>();
                await Attempt("deposits", failures, async () =>
                {
                    for (var r = 1; r <= options.Repeat; r++) runs.Add(await DepositsAsync(client, options, runId, r));
                });
                if (runs.Count > 0) deposits = new ScenarioRuns("deposits", $"Deposits: {options.Accounts:N0} accounts, {options.Connections} connections", runs);
            }
            if (ready && options.RunBatch)
            {
                var runs = new List<LoadResult>();
                await Attempt("batch", failures, async () =>
                {
                    for (var r = 1; r <= options.Repeat; r++) runs.Add(await BatchBench.RunAsync(client, options, runId, r));
                });
                if (runs.Count > 0)
                    batch = new ScenarioRuns("batch", $"Batched deposits: batches of {options.BatchSize} over {options.Accounts:N0} accounts, {BatchBench.Connections} connections",
                        runs, Unit: "events/s");
            }
            if (ready && options.RunHot)
            {
                var runs = new List<LoadResult>();
                await Attempt("hot", failures, async () =>
                {
                    for (var r = 1; r <= options.Repeat; r++) runs.Add(await HotAsync(client, options, runId, r));
                });
                if (runs.Count > 0) hot = new ScenarioRuns("hot", $"Hot account: one account, {options.Connections} connections, withdraw/deposit", runs);
            }
            if (ready && options.RunTransfers)
            {
                var runs = new List<LoadResult>();
                await Attempt("transfers", failures, async () =>
                {
                    for (var r = 1; r <= options.Repeat; r++) runs.Add(await TransfersAsync(client, options, runId, r));
                });
                if (runs.Count > 0)
                    transfers = new ScenarioRuns("transfers", $"Transfers: {options.Accounts:N0} accounts, {options.Connections} connections", runs, CountsPending: true);
            }
            if (ready && options.RunTimeTravel)
            {
                var runs = new List<LoadResult>();
                await Attempt("timetravel", failures, async () =>
                {
                    // One history, built once, read in every run.
                    var history = await TimeTravelBench.BuildAsync(client, options, runId);
                    for (var r = 1; r <= options.Repeat; r++) runs.Add(await TimeTravelBench.MeasureAsync(client, options, history, r));
                });
                if (runs.Count > 0)
                    timeTravel = new ScenarioRuns("timetravel", $"Time travel: balance-at on one account with {options.TimeTravelEvents:N0} events, {TimeTravelBench.Connections} connections", runs);
            }
            if (ready && options.RunReads)
            {
                List<LoadResult> runs = [], yardstick = [];
                await Attempt("reads", failures, async () =>
                {
                    // Each read run next to a /healthz run: the ratio of the two is the figure, so both see the same machine.
                    for (var r = 1; r <= options.Repeat; r++)
                    {
                        runs.Add(await ReadSideBench.ReadsAsync(client, options, $"{runId}-{r}"));
                        yardstick.Add(await ReadSideBench.HealthzAsync(client, options));
                    }
                });
                if (runs.Count > 0) reads = new ScenarioRuns("reads", $"Reads: GET /accounts/{{id}} of {options.Accounts:N0} accounts, {options.Connections} connections", runs);
                if (yardstick.Count > 0) healthz = new ScenarioRuns("healthz", $"Yardstick: GET /healthz, {options.Connections} connections", yardstick);
            }
            if (ready && options.RunLag)
            {
                // Half the maximum write rate: the deposits throughput just measured, when it was.
                var loadRate = options.LagWritesPerSecond ?? (deposits is { Runs.Count: > 0 } d ? (int)(d.MedianThroughput / 2) : 3000);
                await Attempt("lag", failures, async () =>
                {
                    lag.Add(await ReadSideBench.LagAsync(client, options, runId, "lag idle", 0));
                    lag.Add(await ReadSideBench.LagAsync(client, options, runId, "lag under load", loadRate));
                });
            }
            if (ready && options.RunCatchUp)
                await Attempt("catchup", failures, async () => catchUp = await ReadSideBench.CatchUpAsync(client, options, runId));
        }

        var results = new BenchResults(options, machine, started, runId, deposits, hot, transfers, pgbench, failures, reads, lag, catchUp, timeTravel, batch, healthz);
        Console.Write(Report.Console(results));
        await Report.WriteMarkdownAsync(results, options.Out);
        Console.WriteLine($"wrote {options.Out}");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Runs one step; a failure is recorded for the report and the remaining scenarios still run.</summary>
    private static async Task<bool> Attempt(string name, List<string> failures, Func<Task> step)
    {
        try
        {
            await step();
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException or ChronicleProblemException)
        {
            failures.Add($"{name}: {e.Message}");
            Console.Error.WriteLine($"error: {name}: {e.Message}");
            return false;
        }
    }

    internal static async Task<LoadResult> DepositsAsync(LoadClient client, BenchOptions options, string runId, int run)
    {
        var label = options.Repeat > 1 ? $"deposits #{run}" : "deposits";
        var ids = Enumerable.Range(0, options.Accounts)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-d{run}-{i:D5}")).ToArray();
        await CreateAccountsAsync(client, options, label, ids, initialBalance: 0m);
        await Backlog.AwaitProjectedAsync(options, label);

        var deposits = ids.SelectMany(id => DepositAmounts.Select(amount => LoadRequest.Send(new DepositRequest(id, amount)))).ToArray();
        return await LoadRun.RunAsync(label, client, options.Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) => deposits[Random.Shared.Next(deposits.Length)]);
    }

    private static async Task<LoadResult> HotAsync(LoadClient client, BenchOptions options, string runId, int run)
    {
        var label = options.Repeat > 1 ? $"hot #{run}" : "hot";
        var id = string.Create(CultureInfo.InvariantCulture, $"{runId}-hot{run}");
        // 64 withdrawals in flight at most and every worker alternates: 1,000,000.00 never runs dry.
        await CreateAccountsAsync(client, options, label, [id], initialBalance: 1_000_000.00m);
        await Backlog.AwaitProjectedAsync(options, label);

        var withdraw = LoadRequest.Send(new WithdrawRequest(id, 1.00m));
        var deposit = LoadRequest.Send(new DepositRequest(id, 1.00m));
        return await LoadRun.RunAsync(label, client, options.Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (worker, i) => ((worker + i) & 1) == 0 ? withdraw : deposit);
    }

    private static async Task<LoadResult> TransfersAsync(LoadClient client, BenchOptions options, string runId, int run)
    {
        if (options.Accounts < 2) throw new InvalidOperationException("transfers need --accounts of at least 2");
        var label = options.Repeat > 1 ? $"transfers #{run}" : "transfers";
        var ids = Enumerable.Range(0, options.Accounts)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-t{run}-{i:D5}")).ToArray();
        // At most 7.00 per transfer: 1,000,000.00 each never runs out, so no transfer fails for funds.
        await CreateAccountsAsync(client, options, label, ids, initialBalance: 1_000_000.00m);
        await Backlog.AwaitProjectedAsync(options, label);

        // A command per request (a million ordered pairs is too many to make beforehand); the node assigns the transfer id.
        return await LoadRun.RunAsync(label, client, options.Connections,
            TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds),
            (_, _) =>
            {
                var from = Random.Shared.Next(ids.Length);
                var to = Random.Shared.Next(ids.Length - 1);
                if (to >= from) to++; // two distinct accounts, uniformly
                var amount = DepositAmounts[Random.Shared.Next(DepositAmounts.Length)];
                return LoadRequest.Send(new TransferRequest(ids[from], ids[to], amount));
            },
            pendingStatus: 202);
    }

    /// <summary>An account the bench opens: its owner, its opening balance, dollars.</summary>
    internal static CreateAccountRequest Account(string id, decimal initialBalance) =>
        new(id, "Chronicle bench") { InitialBalance = initialBalance, Currency = "USD" };

    internal static async Task CreateAccountsAsync(LoadClient client, BenchOptions options, string label, string[] ids, decimal initialBalance)
    {
        var watch = Stopwatch.StartNew();
        var next = -1;
        string? failure = null;
        var workers = Enumerable.Range(0, Math.Min(options.Connections, ids.Length)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Length && Volatile.Read(ref failure) is null)
            {
                try
                {
                    // Keyed, so a create that got no answer (a cluster just formed may still be placing its
                    // shards) is sent again and applied once.
                    await client.Setup.CreateAccountAsync(Account(ids[i], initialBalance), $"bench-create-{ids[i]}").ConfigureAwait(false);
                }
                catch (ChronicleProblemException refused)
                {
                    Interlocked.CompareExchange(ref failure, $"create-account {ids[i]} answered {refused.Message}", null);
                }
            }
        }));
        await Task.WhenAll(workers);
        if (failure is not null) throw new InvalidOperationException(failure);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{label}] created {ids.Length:N0} account(s) in {watch.Elapsed.TotalSeconds:0.0}s"));
    }

    internal static async Task WaitReadyAsync(LoadClient client)
    {
        var route = client.Route("/readyz");
        var deadline = Stopwatch.StartNew();
        var last = "no answer";
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var (status, body) = await client.GetAsync(route, timeout.Token);
                if (status == 200) return;
                last = $"{status} {body}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(1000);
        }
        throw new InvalidOperationException($"{route} not ready after 60 s: {last}");
    }
}
