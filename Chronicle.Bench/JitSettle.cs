using System.Diagnostics;
using System.Globalization;

namespace Chronicle.Bench;

/// <summary>
/// Before a scenario's warm-up and measured window: its own load, unmeasured, until the node's JIT has settled. A node
/// fresh from <c>./chronicle up</c> spends a minute or more of its CPU compiling (tier 0, then the instrumented tier,
/// then optimized code): in a profile taken 45 s into a first deposits run, 20% of the node's samples were the JIT
/// itself and its CPU per deposit 842 µs, against 489 µs and no JIT on the same node a few minutes later. A fixed
/// warm-up short enough for every scenario is too short for the first. The node's own counter says when it is done
/// (<c>dotnet_jit_compilation_time_seconds_total</c> on /metrics, the runtime's meter).
/// </summary>
internal static class JitSettle
{
    /// <summary>Compiling less than this share of one core over a <see cref="Window"/>: settled.</summary>
    private const double SettledShareOfCore = 0.01;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    /// <summary>The most it runs: a node that never settles is measured anyway, and the report says how long this took.</summary>
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(120);

    private const string Counter = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>Runs the load until the JIT settled; returns how long that took, or null when the node does not report its JIT.</summary>
    public static async Task<TimeSpan?> RunAsync(string label, LoadClient client, int workers, NextRequest next)
    {
        if (await CompilationSecondsAsync(client).ConfigureAwait(false) is not { } compiled)
        {
            Console.WriteLine($"  [{label}] the node reports no JIT time on /metrics: the fixed warm-up only");
            return null;
        }
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => LoadAsync(client, w, next, stop.Token))));
        using var timer = new PeriodicTimer(Window);
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            var now = await CompilationSecondsAsync(client).ConfigureAwait(false) ?? compiled;
            var share = (now - compiled) / Window.TotalSeconds;
            compiled = now;
            var elapsed = Stopwatch.GetElapsedTime(started);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{label}] {elapsed.TotalSeconds,5:0}s jit      {share,9:P1} of a core compiling"));
            if (share < SettledShareOfCore || elapsed >= Longest) break;
        }
        await stop.CancelAsync().ConfigureAwait(false);
        await load.ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task LoadAsync(LoadClient client, int worker, NextRequest next, CancellationToken stop)
    {
        var drain = new byte[4096];
        for (long iteration = 0; !stop.IsCancellationRequested; iteration++)
        {
            try
            {
                await client.SendAsync(next(worker, iteration), drain).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // As in the measured run: a dead node must not spin the CPU.
                await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The node's JIT compilation time so far (seconds); null when /metrics does not give it.</summary>
    private static async Task<double?> CompilationSecondsAsync(LoadClient client)
    {
        var (status, body) = await client.Operator.GetAsync(client.Route("/metrics"), CancellationToken.None).ConfigureAwait(false);
        if (status != 200) return null;
        double? sum = null;
        foreach (var line in body.Split('\n'))
        {
            if (!line.StartsWith(Counter, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) sum = (sum ?? 0) + seconds;
        }
        return sum;
    }
}
