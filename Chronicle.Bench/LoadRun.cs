using System.Diagnostics;
using System.Globalization;

namespace Chronicle.Bench;

/// <summary>Picks the next request of a worker.</summary>
internal delegate LoadRequest NextRequest(int worker, long iteration);

/// <summary>
/// Closed-loop HTTP load: N workers, each with one request in flight, until the node's JIT settled
/// (<see cref="JitSettle"/>), for a warm-up and then a measured window. A request counts when it completes inside the measured window; its latency
/// (send to last response byte, Stopwatch ticks) goes into the worker's own preallocated list.
/// Percentiles are computed at the end by sorting all samples. A <c>pendingStatus</c> (202 for
/// transfers still running) is counted apart: neither a success nor an error. A request may carry many commands
/// (a batch): then what counts is its commands answered 201, and those not are errors of their own.
/// </summary>
internal static class LoadRun
{
    public const int SuccessStatus = 201;

    private sealed class Worker
    {
        public readonly List<long> Latencies;
        public readonly long[] Statuses = new long[600];
        public readonly Dictionary<string, long> Exceptions = new(StringComparer.Ordinal);
        public readonly byte[] Drain = new byte[4096];

        /// <summary>Commands done in the window: one per successful request, a batch's commands answered 201.</summary>
        public long Succeeded;

        /// <summary>Commands of successful batches answered otherwise.</summary>
        public long CommandsRefused;

        public Worker(int expectedSamples) => Latencies = new List<long>(expectedSamples);
    }

    /// <param name="successStatus">What a successful answer is: 201 for commands, 200 for queries and batches.</param>
    /// <param name="commandsPerRequest">Above 1: each request is a batch of that many commands (<see cref="LoadClient.BatchAsync"/>).</param>
    public static async Task<LoadResult> RunAsync(
        string label, LoadClient client, int workers, TimeSpan warmup, TimeSpan duration, NextRequest next, int? pendingStatus = null,
        int successStatus = SuccessStatus, int commandsPerRequest = 1)
    {
        await JitSettle.RunAsync(label, client, workers, next).ConfigureAwait(false);
        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(warmup.TotalSeconds * frequency);
        var measureEnd = measureStart + (long)(duration.TotalSeconds * frequency);

        // Sized for ~40k/s spread over the workers so the lists rarely grow during the run.
        var expectedPerWorker = (int)Math.Min(1 << 20, Math.Max(1024, 40_000L * (long)duration.TotalSeconds / workers));
        var state = new Worker[workers];
        for (var i = 0; i < workers; i++) state[i] = new Worker(expectedPerWorker);

        var completed = new long[1];
        var failed = new long[1];
        using var stopProgress = new CancellationTokenSource();
        var cpu = CpuSampler.MeasureWindowAsync(measureStart, measureEnd, stopProgress.Token);
        var progress = ReportProgressAsync(label, start, measureStart, measureEnd, completed, failed, stopProgress.Token);

        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            var index = w;
            tasks[w] = Task.Run(() => WorkAsync(index, state[index], client, next, measureStart, measureEnd, completed, failed, pendingStatus, successStatus,
                commandsPerRequest));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var cpuSplit = await cpu.ConfigureAwait(false);
        await stopProgress.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);

        return Summarize(state, duration, cpuSplit, pendingStatus, successStatus);
    }

    /// <summary>Runs <paramref name="count"/> requests as fast as <paramref name="workers"/> workers can (set-up, not measured); returns how many answered 201.</summary>
    public static async Task<long> ForEachAsync(int workers, int count, Func<int, Task<int>> request)
    {
        var next = -1;
        long ok = 0;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(workers, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                if (await request(i) == SuccessStatus) Interlocked.Increment(ref ok);
        })));
        return ok;
    }

    private static async Task WorkAsync(
        int index, Worker worker, LoadClient client, NextRequest next, long measureStart, long measureEnd, long[] completed, long[] failed,
        int? pendingStatus, int successStatus, int commandsPerRequest)
    {
        long iteration = 0;
        while (Stopwatch.GetTimestamp() < measureEnd)
        {
            var request = next(index, iteration++);
            var sent = Stopwatch.GetTimestamp();
            int status, done = 1;
            string? exception = null;
            try
            {
                (status, done) = await client.SendAsync(request, worker.Drain).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
                exception = e.GetType().Name;
            }
            var answered = Stopwatch.GetTimestamp();

            Interlocked.Increment(ref completed[0]);
            if (status != successStatus && status != pendingStatus) Interlocked.Increment(ref failed[0]);

            if (answered >= measureStart && answered <= measureEnd)
            {
                worker.Latencies.Add(answered - sent);
                if (exception is not null) worker.Exceptions[exception] = worker.Exceptions.GetValueOrDefault(exception) + 1;
                else worker.Statuses[Math.Clamp(status, 0, worker.Statuses.Length - 1)]++;
                if (status == successStatus)
                {
                    worker.Succeeded += done;
                    worker.CommandsRefused += commandsPerRequest - done;
                }
            }

            // A dead node answers "connection refused" in microseconds: do not spin the CPU on it.
            if (exception is not null) await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private static async Task ReportProgressAsync(
        string label, long start, long measureStart, long measureEnd, long[] completed, long[] failed, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long lastCompleted = 0, lastFailed = 0;
        var lastAt = start;
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                var c = Volatile.Read(ref completed[0]);
                var f = Volatile.Read(ref failed[0]);
                var seconds = (double)(now - lastAt) / Stopwatch.Frequency;
                var phase = now < measureStart ? "warm-up" : now <= measureEnd ? "measure" : "drain";
                var elapsed = (double)(now - start) / Stopwatch.Frequency;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  [{label}] {elapsed,5:0}s {phase,-8} {(c - lastCompleted) / seconds,9:0} req/s   errors {f - lastFailed}"));
                lastCompleted = c;
                lastFailed = f;
                lastAt = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static LoadResult Summarize(Worker[] workers, TimeSpan duration, CpuSplit? cpu, int? pendingStatus, int successStatus)
    {
        var total = workers.Sum(w => w.Latencies.Count);
        var samples = new long[total];
        var offset = 0;
        foreach (var w in workers)
        {
            w.Latencies.CopyTo(samples, offset);
            offset += w.Latencies.Count;
        }
        Array.Sort(samples);

        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long ok = workers.Sum(w => w.Succeeded), pending = 0;
        if (workers.Sum(w => w.CommandsRefused) is > 0 and var refused) errors["commands not 201"] = refused;
        foreach (var w in workers)
        {
            for (var s = 0; s < w.Statuses.Length; s++)
            {
                if (w.Statuses[s] == 0 || s == successStatus) continue;
                if (s == pendingStatus) pending += w.Statuses[s];
                else errors[s.ToString(CultureInfo.InvariantCulture)] = errors.GetValueOrDefault(s.ToString(CultureInfo.InvariantCulture)) + w.Statuses[s];
            }
            foreach (var (name, count) in w.Exceptions) errors[name] = errors.GetValueOrDefault(name) + count;
        }

        return new LoadResult(
            Requests: total,
            Succeeded: ok,
            Pending: pending,
            Seconds: duration.TotalSeconds,
            P50Ms: Percentile(samples, 0.50),
            P99Ms: Percentile(samples, 0.99),
            MaxMs: total == 0 ? double.NaN : TicksToMs(samples[^1]),
            Errors: errors,
            Cpu: cpu);
    }

    /// <summary>Nearest-rank percentile of sorted tick samples, in milliseconds.</summary>
    internal static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return TicksToMs(sorted[Math.Clamp(rank, 0, sorted.Length - 1)]);
    }

    internal static double TicksToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// One measured window. Throughput counts successful answers only (201 commands, 200 queries; a batch's commands
/// answered 201); Pending are 202s (transfers).
/// </summary>
internal sealed record LoadResult(
    long Requests, long Succeeded, long Pending, double Seconds, double P50Ms, double P99Ms, double MaxMs,
    IReadOnlyDictionary<string, long> Errors, CpuSplit? Cpu)
{
    public double Throughput => Succeeded / Seconds;
    public long ErrorCount => Errors.Values.Sum();
}
