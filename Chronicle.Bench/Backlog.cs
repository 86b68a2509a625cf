using System.Diagnostics;
using System.Globalization;

namespace Chronicle.Bench;

/// <summary>
/// The read model against the journal. Every measured run starts once the read model holds every event the journal
/// holds: the runs before it (batches above all) can leave the projector minutes behind, and a run measured meanwhile
/// would share the machine with that backlog's projection and be charged its CPU.
/// </summary>
internal static class Backlog
{
    /// <summary>Waits until the read model holds every event the journal holds now; at once when the node has none (<see cref="BenchOptions.NoReadModel"/>).</summary>
    public static async Task AwaitProjectedAsync(BenchOptions options, string label)
    {
        if (options.NoReadModel) return;
        await AwaitAppliedAsync(options, await Psql.JournalEventsAsync(options), TimeSpan.FromMinutes(10), $"{label}: the backlog projected first");
    }

    public static Task AwaitAppliedAsync(BenchOptions options, long target, TimeSpan deadline, string what) =>
        PollAsync(async () => await AppliedAsync(options) is var applied && applied >= target
            ? (true, "")
            : (false, string.Create(CultureInfo.InvariantCulture, $"read model at {applied:N0} of {target:N0} events")), deadline, what);

    /// <summary>Asks <paramref name="probe"/> every 200 ms until it is done, telling where it stands every 5 s; throws past the deadline.</summary>
    public static async Task PollAsync(Func<Task<(bool Done, string Where)>> probe, TimeSpan deadline, string what)
    {
        var watch = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (await probe() is (false, var where))
        {
            if (watch.Elapsed > deadline) throw new InvalidOperationException($"{where} after {deadline} ({what})");
            if (watch.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [projector] {what}: {where}, {watch.Elapsed.TotalSeconds:0}s"));
                lastReport = watch.Elapsed;
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Events the read model holds: the partitions' applied counts (reset by a rebuild).</summary>
    private static Task<long> AppliedAsync(BenchOptions options) =>
        Psql.ScalarAsync(options, options.ReadPgPort, options.ReadPgSocketDir, "chronicle_read",
            "SELECT COALESCE(SUM(events_applied), 0) FROM projector_checkpoint");
}
