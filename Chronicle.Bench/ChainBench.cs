using System.Diagnostics;
using System.Globalization;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Serialization;
using Chronicle.Domain.Accounts;

namespace Chronicle.Bench;

/// <summary>
/// What the hash chain costs per event (<c>--scenario chain</c>, docs/HASH-CHAIN.md), in this process, no stack needed:
/// <list type="bullet">
/// <item><b>json</b>: the event's JSON alone, what each write serialized before the chain;</item>
/// <item><b>seal</b>: what the account actor now does per event (<see cref="EventChain.Seal"/>): that JSON, its canonical
///   form, SHA-256 over it and the previous hash, the hash spliced into the JSON; seal less json is the chain's cost;</item>
/// <item><b>check</b>: what verify-chain does per stored event (<see cref="EventChain.Link"/> over the stored bytes).</item>
/// </list>
/// A keyed deposit and a keyed transfer, alternately (the bench's own writes), <c>--events</c> per measurement,
/// <c>--repeat</c> runs, the median quoted: wall time and this process's CPU time (GC included) per event, on one thread.
/// </summary>
internal static class ChainBench
{
    private const string PersistenceId = "account-bench-chain";
    private const int WarmupEvents = 50_000;

    public static int Run(BenchOptions options)
    {
        var events = Events();
        var stored = Sealed(events, 1_000);
        Console.WriteLine($"chain: {options.Events:N0} events per measurement, {options.Repeat} run(s), {events.Length} event kinds alternating, one thread");

        var runs = new List<(double Json, double Seal, double Check)>();
        Measure(WarmupEvents, events, stored);
        for (var r = 1; r <= options.Repeat; r++)
        {
            var run = Measure(Math.Max(options.Events, 1), events, stored);
            runs.Add((run.Json.Cpu, run.Seal.Cpu, run.Check.Cpu));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {r}: µs per event, wall / CPU: json {run.Json.Wall:0.00} / {run.Json.Cpu:0.00}, seal {run.Seal.Wall:0.00} / {run.Seal.Cpu:0.00}, " +
                $"check {run.Check.Wall:0.00} / {run.Check.Cpu:0.00}"));
        }

        var (json, seal, check) = (Median(runs.Select(r => r.Json)), Median(runs.Select(r => r.Seal)), Median(runs.Select(r => r.Check)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median CPU µs per event: json {json:0.00}, seal {seal:0.00} (the chain adds {seal - json:0.00}), check {check:0.00} " +
            $"({1_000_000 / check:N0} events/s on one core)"));
        return 0;
    }

    /// <summary>The bench's own writes: a deposit and a transfer, each under a client's key (scoped by the gateway) and its fingerprint.</summary>
    private static IAccountEvent[] Events()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 2, 55, TimeSpan.Zero).AddTicks(1234567);
        var fingerprint = new string('f', 64);
        return
        [
            new MoneyDeposited("bench-20261203140255-fd39-d1-00042", Guid.CreateVersion7(), at, 250, 125_000, null,
                new IdempotencyStamp("0123456789abcdef:bench-20261203140255-fd39-k-000001", fingerprint)),
            new TransferSent("bench-20261203140255-fd39-t1-00042", Guid.CreateVersion7(), at, "0193a3c5-7e1f-7c2a-9d4b-5e6f7a8b9c0d",
                "bench-20261203140255-fd39-t1-00777", 700, 99_999_300, null, new IdempotencyStamp("0123456789abcdef:bench-20261203140255-fd39-k-000002", fingerprint)),
        ];
    }

    private static (string Manifest, byte[] Json)[] Sealed(IAccountEvent[] events, int count)
    {
        string? previous = null;
        var sealedEvents = new (string, byte[])[count];
        for (var i = 0; i < count; i++)
        {
            var chained = EventChain.Seal(events[i % events.Length], previous, PersistenceId, i + 1);
            sealedEvents[i] = (LedgerCodec.Manifest(chained), LedgerCodec.ToBinary(chained));
            previous = chained.Hash;
        }
        return sealedEvents;
    }

    private static ((double Wall, double Cpu) Json, (double Wall, double Cpu) Seal, (double Wall, double Cpu) Check) Measure(
        int count, IAccountEvent[] events, (string Manifest, byte[] Json)[] stored)
    {
        var json = Time(count, i => LedgerCodec.ToBinary(events[i % events.Length]));
        string? previous = null;
        var seal = Time(count, i => previous = EventChain.Seal(events[i % events.Length], previous, PersistenceId, i + 1).Hash);
        var check = Time(count, i =>
        {
            var (manifest, payload) = stored[i % stored.Length];
            return EventChain.Link(previous, PersistenceId, i + 1, manifest, payload);
        });
        return (json, seal, check);
    }

    /// <summary>Microseconds per call of <paramref name="step"/>, wall and CPU, over <paramref name="count"/> calls.</summary>
    private static (double Wall, double Cpu) Time(int count, Func<int, object> step)
    {
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        object? last = null;
        for (var i = 0; i < count; i++) last = step(i);
        wall.Stop();
        process.Refresh();
        GC.KeepAlive(last);
        return (wall.Elapsed.TotalMicroseconds / count, (process.TotalProcessorTime - cpu).TotalMicroseconds / count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
