using System.Globalization;
using Chronicle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>
/// Hostile requests through a real node (gateway, ledger, read side on real PostgreSQL and NATS): every
/// answer a 4xx problem or a successful read, and the ledger exactly as it was. A few thousand here;
/// `./chronicle fuzz --requests N` runs this test with N (CHRONICLE_FUZZ_REQUESTS) and a seed of choice
/// (CHRONICLE_FUZZ_SEED).
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class FuzzTests(LedgerFixture fixture, ITestOutputHelper output)
{
    private const int Workers = 8;
    private const int StateCheckEvery = 2_500;

    [Fact]
    public async Task Hostile_requests_are_refused_with_problems_never_a_5xx_and_change_nothing()
    {
        var count = Setting("CHRONICLE_FUZZ_REQUESTS", 5_000);
        var seed = Setting("CHRONICLE_FUZZ_SEED", 6);
        await using var stack = await fixture.StartReadSideAsync("fuzz");
        var node = stack.Node;
        // A 5xx is an exception no route handled: the node's log tells which.
        var log = LogCapture.Attach(node);
        await FuzzLedger.SeedAsync(node);
        var before = await FuzzLedger.StateAsync(node);
        var checks = new List<string>();

        var run = new FuzzRun(node.HttpWith(null), new HostileRequests(node.Keys, seed), Workers);
        var elapsed = await run.RunAsync(count, StateCheckEvery, async () => checks.Add(await FuzzLedger.StateAsync(node)));

        output.WriteLine($"fuzz: seed {seed}\n{run.Describe(count, elapsed)}\nledger state checked {checks.Count} times, before:\n{before}");
        Assert.True(run.FailureCount == 0,
            $"{run.FailureCount} bad answers (seed {seed}), the first:\n{string.Join("\n", run.Failures)}\nthe node's errors:\n{string.Concat(log.Lines.Where(IsError))}");
        Assert.All(checks, state => Assert.Equal(before, state));
        // The read side took no harm either: the read model still agrees with the journal.
        await stack.AssertVerifiedAsync(TimeSpan.FromSeconds(60));
    }

    private static bool IsError(string line) => line.Contains("\"LogLevel\":\"Error\"") || line.Contains("\"LogLevel\":\"Critical\"");

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
