using System.Diagnostics;
using System.Globalization;
using Chronicle.Client;

namespace Chronicle.Bench;

/// <summary>One second of a failover run, counted by when requests completed.</summary>
/// <param name="Second">Seconds since the kill (negative: before it).</param>
internal sealed record FailoverSecond(int Second, long Succeeded, long Errors, double MaxMs);

/// <summary>
/// Deposits while a ledger node dies: closed-loop load as in the deposits scenario, a steady window,
/// the kill, then <see cref="BenchOptions.FailoverSeconds"/> more. Every request's completion time,
/// latency and outcome are kept, to say second by second what the clients saw.
/// </summary>
internal sealed record FailoverResult(LoadResult Before, LoadResult After, IReadOnlyList<FailoverSecond> Timeline)
{
    /// <summary>From the kill to the end of the second in which the last failed request completed; null when none failed.</summary>
    public int? ErrorsEndedAfterSeconds =>
        Timeline.LastOrDefault(s => s.Second >= 0 && s.Errors > 0) is { } last ? last.Second + 1 : null;

    /// <summary>
    /// From the kill to the first second from which on every second ran at half the steady throughput or
    /// more; null when the window ended before that. The last, partial second (requests that were in flight at its end) is left out.
    /// </summary>
    public int? RecoveredAfterSeconds
    {
        get
        {
            var after = Timeline.Where(s => s.Second >= 0 && s.Second < After.Seconds).ToList();
            var slow = after.FindLastIndex(s => s.Succeeded < Before.Throughput / 2);
            return slow < 0 ? 0 : slow + 1 < after.Count ? after[slow + 1].Second : null;
        }
    }

    /// <summary>A deposit's outcome when it succeeded: its status as the samples spell it.</summary>
    private static readonly string Success = LoadRun.SuccessStatus.ToString(CultureInfo.InvariantCulture);

    public static async Task<FailoverResult> RunAsync(LoadClient client, BenchOptions options, string runId, Func<Task> kill)
    {
        var ids = Enumerable.Range(0, options.Accounts).Select(i => string.Create(CultureInfo.InvariantCulture, $"{runId}-k{i:D5}")).ToArray();
        await BenchRunner.CreateAccountsAsync(client, options, "failover", ids, initialBalance: 0m);
        var deposits = ids.Select(id => new DepositRequest(id, 1.00m)).ToArray();

        var frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var killAt = start + (long)((options.WarmupSeconds + options.DurationSeconds) * (double)frequency);
        var end = killAt + (long)(options.FailoverSeconds * (double)frequency);
        var samples = Enumerable.Range(0, options.Connections).Select(_ => new List<(long Done, long Ticks, string Outcome)>()).ToArray();
        var killer = Task.Run(async () =>
        {
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), killAt)).ConfigureAwait(false);
            await kill().ConfigureAwait(false);
            Console.WriteLine($"  [failover] ledger-{ClusterBench.Victim} killed (SIGKILL)");
        });
        await Task.WhenAll(samples.Select((mine, w) => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    outcome = (await client.WriteAsync(deposits[Random.Shared.Next(deposits.Length)]).ConfigureAwait(false)).ToString(CultureInfo.InvariantCulture);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    outcome = e.GetType().Name;
                }
                var done = Stopwatch.GetTimestamp();
                mine.Add((done, done - sent, outcome));
            }
        }))).ConfigureAwait(false);
        await killer.ConfigureAwait(false);

        var all = samples.SelectMany(s => s).ToList();
        var steadyFrom = start + (long)(options.WarmupSeconds * (double)frequency);
        return new FailoverResult(
            Summarize(all.Where(s => s.Done >= steadyFrom && s.Done < killAt).ToList(), options.DurationSeconds),
            Summarize(all.Where(s => s.Done >= killAt).ToList(), options.FailoverSeconds),
            all.Where(s => s.Done >= steadyFrom)
                .GroupBy(s => (int)Math.Floor((double)(s.Done - killAt) / frequency))
                .OrderBy(g => g.Key)
                .Select(g => new FailoverSecond(g.Key, g.Count(s => s.Outcome == Success), g.Count(s => s.Outcome != Success), LoadRun.TicksToMs(g.Max(s => s.Ticks))))
                .ToList());
    }

    private static LoadResult Summarize(List<(long Done, long Ticks, string Outcome)> window, int seconds)
    {
        var latencies = window.Select(s => s.Ticks).Order().ToArray();
        var errors = window.Where(s => s.Outcome != Success).GroupBy(s => s.Outcome).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return new LoadResult(window.Count, window.Count(s => s.Outcome == Success), 0, seconds, LoadRun.Percentile(latencies, 0.50),
            LoadRun.Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : LoadRun.TicksToMs(latencies[^1]), errors, null);
    }
}
