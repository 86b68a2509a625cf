using Chronicle.DevStack;

namespace Chronicle.AppHost;

internal static class Arguments
{
    /// <summary>`[--nodes N] [--ha]`: 0 (node-1 alone) when --nodes is absent; --ha: the replicated event store.</summary>
    public static (int LedgerNodes, bool Replicated) Layout(string[] args)
    {
        var replicated = args.Contains("--ha");
        var rest = args.Where(a => a != "--ha").ToArray();
        var text = rest switch
        {
            [] => "0",
            ["--nodes", var n] => n,
            [var one] when one.StartsWith("--nodes=", StringComparison.Ordinal) => one["--nodes=".Length..],
            _ => throw new UsageException($"unknown arguments '{string.Join(' ', args)}' (usage: up [--nodes N] [--ha])"),
        };
        return int.TryParse(text, out var nodes) && nodes is >= 0 and <= DevStackDefinition.MaxLedgerNodes
            ? (nodes, replicated)
            : throw new UsageException($"--nodes takes 1 to {DevStackDefinition.MaxLedgerNodes} ledger nodes, not '{text}'");
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: Chronicle.AppHost up [--nodes N] [--ha] | down | status | logs [NAME] | stop NAME | start NAME | kill NAME | run [--nodes N] [--ha]");
        return 2;
    }
}

/// <summary>A verb's arguments make no sense: said on stderr, exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
