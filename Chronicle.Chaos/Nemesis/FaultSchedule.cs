using System.Diagnostics;

namespace Chronicle.Chaos.Nemesis;

/// <summary>A fault as it happened: which nemesis, what it did, when it was injected and when the stack was whole again (since the run began).</summary>
internal sealed record InjectedFault(string Nemesis, string What, TimeSpan InjectedAt, TimeSpan HealedAt);

/// <summary>
/// The nemesis's schedule: every <paramref name="every"/> a fault, the <paramref name="faults"/> in turn,
/// held for its length, ended, and the stack healed before the next. Only one fault at a time: two ledger
/// nodes of three down at once would leave no majority, and the cluster would rightly stop. No fault
/// begins that could not last its length before <c>until</c>: the run ends with the stack whole. A fault
/// is ended however the run ends (a partition's rules never outlive it).
/// </summary>
internal sealed class FaultSchedule(INemesis nemesis, IReadOnlyList<IFault> faults, TimeSpan every, int seed)
{
    private readonly List<InjectedFault> _faults = [];

    public IReadOnlyList<InjectedFault> Faults => _faults;

    /// <summary>Why the stack could not be made whole after a fault, if it could not; no fault follows such a one.</summary>
    public string? HealFailure { get; private set; }

    /// <summary>Injects faults until <paramref name="until"/> on <paramref name="clock"/>, each healed before the next.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan until)
    {
        var random = new Random(seed);
        for (var turn = 0; ; turn++)
        {
            var fault = faults[turn % faults.Count];
            var length = fault.Length(random);
            if (clock.Elapsed + every + length > until) return;
            await Task.Delay(every);
            var injectedAt = clock.Elapsed;
            string what;
            try
            {
                what = await fault.InjectAsync(random);
                Console.WriteLine($"chaos: {injectedAt.TotalSeconds,6:0.0}s {what} for {length.TotalSeconds:0}s");
                await Task.Delay(length);
            }
            finally
            {
                await fault.EndAsync();
            }
            try
            {
                await nemesis.HealAsync();
            }
            catch (TimeoutException e)
            {
                // The clients go on and the checker still runs: what was acknowledged must be there all the same.
                HealFailure = $"after {what}: {e.Message}";
                Console.WriteLine($"chaos: {clock.Elapsed.TotalSeconds,6:0.0}s NOT healed, no more faults: {HealFailure}");
                return;
            }
            Console.WriteLine($"chaos: {clock.Elapsed.TotalSeconds,6:0.0}s healed: {what}");
            _faults.Add(new InjectedFault(fault.Name, what, injectedAt, clock.Elapsed));
        }
    }
}
