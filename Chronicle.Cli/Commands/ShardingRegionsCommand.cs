using System.CommandLine;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>sharding regions</c>: per entity type, the nodes hosting its shards and what each holds.</summary>
internal static class ShardingRegionsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("regions", "each sharded entity type (account, transfer): the nodes hosting its shards, with their shard and entity counts");
        context.SetOperatorAction(command, (_, node, cancellationToken) => RunAsync(node, context.Console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliNode node, CliConsole console, CancellationToken cancellationToken)
    {
        var sharding = await node.AskAsync((client, token) => client.GetShardingAsync(token), cancellationToken);
        var table = new CliTable("TYPE", "NODE", "SHARDS", "ENTITIES").AlignRight(2, 3);
        foreach (var type in sharding.Types)
        {
            foreach (var region in type.Regions) table.Add(type.TypeName, region.Address, Count(region.Shards), Count(region.Entities));
            table.Add(type.TypeName, $"all {type.Regions.Count} nodes", Count(type.Shards), Count(type.Entities));
        }
        table.WriteTo(console);
        console.Out.WriteLine("(shards are started on first use; ENTITIES: the ones in memory now)");
        if (sharding.Types.Any(t => t.Proxy)) console.Out.WriteLine("(the node that answered hosts no shards: it reaches them through shard region proxies)");
        return ExitCodes.Ok;
    }
}
