using System.CommandLine;
using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>verify</c>: one summary line, and tables of the differences and the held entities when there are any (exit 1).
/// <c>verify --chain</c>: every account's hash chain instead (docs/HASH-CHAIN.md); the broken ones in a table (exit 1).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var settle = CliOptions.Settle();
        var chain = new Option<bool>("--chain")
        {
            Description = "check every account's hash chain against the journal instead (the read model plays no part; --settle does not apply)",
        };
        var command = new Command("verify", "compare every account and transfer of the read model with the fold of its journal; prints the differences " +
                                            "and the entities held in the dead letters") { settle, chain };
        context.SetOperatorAction(command, (parse, node, cancellationToken) => parse.GetValue(chain)
            ? RunChainAsync(node, context.Console, cancellationToken)
            : RunAsync(node, TimeSpan.FromSeconds(parse.GetValue(settle)), context.Console, cancellationToken));
        return command;
    }

    public static async Task<int> RunChainAsync(CliNode node, CliConsole console, CancellationToken cancellationToken)
    {
        var result = await node.AskAsync((client, token) => client.VerifyChainsAsync(token), timeout: null, cancellationToken);
        var summary = $"verify --chain: {Count(result.AccountsChecked)} accounts, {Count(result.EventsChecked)} events";
        if (result.UnhashedEvents > 0) summary += $" ({Count(result.UnhashedEvents)} written before events carried a hash, not covered)";
        if (result.Valid)
        {
            console.Out.WriteLine($"{summary}, every chain valid");
            return ExitCodes.Ok;
        }

        console.Out.WriteLine($"{summary}, {Count(result.InvalidTotal)} broken chain{(result.InvalidTotal == 1 ? "" : "s")}");
        var table = new CliTable("ACCOUNT", "FIRST BAD VERSION", "PROBLEM", "EVENTS").AlignRight(1, 3);
        foreach (var c in result.Invalid) table.Add(c.AccountId, Optional(c.FirstBadVersion), c.Problem ?? "", Count(c.Events));
        table.WriteTo(console);
        if (result.InvalidTotal > result.Invalid.Count)
            console.Out.WriteLine($"... and {Count(result.InvalidTotal - result.Invalid.Count)} more (the node lists the first {Count(result.Invalid.Count)})");
        return ExitCodes.Differences;
    }

    public static async Task<int> RunAsync(CliNode node, TimeSpan settle, CliConsole console, CancellationToken cancellationToken)
    {
        var result = await node.AskAsync((client, token) => client.VerifyAsync((int)settle.TotalSeconds, token), timeout: null, cancellationToken);
        var summary = $"verify: {Count(result.EntitiesChecked)} accounts/transfers, {Count(result.EventsFolded)} events";
        if (result.SkippedTotal > 0) summary += $", {Count(result.SkippedTotal)} account{(result.SkippedTotal == 1 ? "" : "s")} skipped";
        WriteSkipped(result, console);
        if (result.Clean)
        {
            console.Out.WriteLine($"{summary}, no differences");
            return ExitCodes.Ok;
        }

        console.Out.WriteLine($"{summary}, {Count(result.DifferencesTotal)} difference{(result.DifferencesTotal == 1 ? "" : "s")}, " +
                              $"{Count(result.HeldEntities.Count)} held entit{(result.HeldEntities.Count == 1 ? "y" : "ies")}");
        if (result.Differences.Count > 0)
        {
            var table = new CliTable("TYPE", "ID", "FIELD", "READ MODEL", "JOURNAL");
            foreach (var d in result.Differences) table.Add(d.EntityType, d.EntityId, d.Field, d.ReadModel, d.Journal);
            table.WriteTo(console);
            if (result.DifferencesTotal > result.Differences.Count)
                console.Out.WriteLine($"... and {Count(result.DifferencesTotal - result.Differences.Count)} more (the node lists the first {Count(result.Differences.Count)})");
        }
        if (result.HeldEntities.Count > 0)
        {
            console.Out.WriteLine("held in the dead letters (./chronicle projector replay applies them after a fix):");
            var held = new CliTable("TYPE", "ID", "PART", "EVENTS", "ERROR").AlignRight(2, 3);
            foreach (var h in result.HeldEntities) held.Add(h.EntityType, h.EntityId, Count(h.Partition), Count(h.Events), h.Error);
            held.WriteTo(console);
        }
        return ExitCodes.Differences;
    }

    /// <summary>Accounts whose journal an older version wrote: not compared, and said so before the summary.</summary>
    private static void WriteSkipped(VerifyResponse result, CliConsole console)
    {
        if (result.Skipped is not { Count: > 0 } skipped) return;
        console.Out.WriteLine("skipped: their journals hold events an older version wrote (the transfer saga's), which this one cannot read:");
        var table = new CliTable("TYPE", "ID", "FROM VERSION", "EVENT").AlignRight(2);
        foreach (var k in skipped) table.Add(k.EntityType, k.EntityId, Count(k.Version), k.EventType);
        table.WriteTo(console);
        if (result.SkippedTotal > skipped.Count)
            console.Out.WriteLine($"... and {Count(result.SkippedTotal - skipped.Count)} more (the node lists the first {Count(skipped.Count)})");
    }
}
