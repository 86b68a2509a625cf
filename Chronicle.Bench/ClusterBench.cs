using Chronicle.DevStack;
namespace Chronicle.Bench;

/// <summary>Everything <c>--scenario cluster</c> measured.</summary>
/// <param name="Layouts">Deposits through the gateway, per number of ledger nodes.</param>
internal sealed record ClusterResults(
    BenchOptions Options, MachineInfo Machine, DateTimeOffset Started, string RunId,
    IReadOnlyList<(int LedgerNodes, LoadResult Deposits)> Layouts, FailoverResult? Failover, IReadOnlyList<string> Failures);

/// <summary>
/// The cluster's figures (<c>--scenario cluster</c>; never part of all, since it restarts the stack
/// through ./chronicle): the deposits scenario through gateway-1 with one ledger node and with three,
/// each a fresh <c>up --nodes N</c>; then, on the three, deposits while ledger-2 is killed (SIGKILL) and
/// the cluster moves its shards to the survivors, second by second. The stack is left as
/// <c>up --nodes 3</c>, ledger-2 started again. Writes the "## Cluster" section of the report, keeping the rest.
/// </summary>
internal static class ClusterBench
{
    public const int Victim = 2;

    public static async Task<int> RunAsync(BenchOptions options, MachineInfo machine, DateTimeOffset started, string runId)
    {
        var stack = new DevStackDriver(options.Chronicle);
        var layouts = new List<(int, LoadResult)>();
        var failures = new List<string>();
        FailoverResult? failover = null;
        try
        {
            foreach (var ledgerNodes in new[] { 1, 3 })
            {
                await stack.SwitchToAsync(ledgerNodes);
                using var client = new LoadClient(options.Url, options.Connections, StackKeys.FromEnvironment(), options.Traced);
                await BenchRunner.WaitReadyAsync(client);
                layouts.Add((ledgerNodes, await BenchRunner.DepositsAsync(client, options, $"{runId}-n{ledgerNodes}", 1)));
            }
            using (var client = new LoadClient(options.Url, options.Connections, StackKeys.FromEnvironment(), options.Traced))
                failover = await FailoverResult.RunAsync(client, options, runId, () => stack.KillAsync($"ledger-{Victim}"));
            await stack.UpAsync(3);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            failures.Add(e.Message);
            Console.Error.WriteLine($"error: cluster: {e.Message}");
        }

        var results = new ClusterResults(options, machine, started, runId, layouts, failover, failures);
        Console.Write(ClusterReport.Console(results));
        await Report.WriteSectionAsync(options.Out, ClusterReport.Heading, ClusterReport.Markdown(results));
        Console.WriteLine($"wrote the \"{ClusterReport.Heading}\" section of {options.Out}");
        return failures.Count == 0 ? 0 : 1;
    }
}
