using System.Diagnostics;

namespace Chronicle.Chaos.Nemesis;

/// <summary>A fault as it happened: what, when it was injected and healed (seconds since the run began).</summary>
internal sealed record InjectedFault(string What, double InjectedAt, double HealedAt);

/// <summary>
/// The nemesis's schedule: every <paramref name="every"/> a fault, held for <paramref name="length"/>
/// and healed, one at a time, in turn: a ledger node killed (chosen at random) and restarted, NATS
/// stopped and started, the read model's PostgreSQL stopped and started. Only one fault at a time:
/// two ledger nodes of three down at once would leave no majority, and the cluster would rightly stop.
/// No fault begins that could not last its length before <c>until</c>: the run ends with the stack whole.
/// </summary>
internal sealed class FaultSchedule(INemesis nemesis, TimeSpan every, TimeSpan length, int seed)
{
    private readonly List<InjectedFault> _faults = [];

    public IReadOnlyList<InjectedFault> Faults => _faults;

    /// <summary>Injects faults until <paramref name="until"/> on <paramref name="clock"/>, each healed before the next.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan until)
    {
        var random = new Random(seed);
        for (var turn = 0; clock.Elapsed + every + length <= until; turn++)
        {
            await Task.Delay(every);
            var (what, inject, heal) = (turn % 3) switch
            {
                0 => Ledger(nemesis.LedgerNodes[random.Next(nemesis.LedgerNodes.Count)]),
                1 => ("NATS stopped", (Func<Task>)nemesis.StopBusAsync, (Func<Task>)nemesis.StartBusAsync),
                _ => ("read-model PostgreSQL stopped", nemesis.StopReadModelAsync, nemesis.StartReadModelAsync),
            };
            var injectedAt = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"chaos: {injectedAt,6:0.0}s {what}");
            await inject();
            await Task.Delay(length);
            await heal();
            Console.WriteLine($"chaos: {clock.Elapsed.TotalSeconds,6:0.0}s healed: {what}");
            _faults.Add(new InjectedFault(what, injectedAt, clock.Elapsed.TotalSeconds));
        }
    }

    private (string, Func<Task>, Func<Task>) Ledger(string node) =>
        ($"{node} killed (SIGKILL)", () => nemesis.KillLedgerAsync(node), () => nemesis.RestartLedgerAsync(node));
}
