using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>sharding regions</c>: per entity type, the nodes hosting its shards and what each holds.</summary>
public static class ShardingRegionsCommand
{
    public static async Task<int> RunAsync(AdminClient node, CliConsole console, CancellationToken cancellationToken)
    {
        var sharding = await node.ShardingAsync(cancellationToken);
        var table = new TextTable("TYPE", "NODE", "SHARDS", "ENTITIES").AlignRight(2, 3);
        foreach (var type in sharding.Types)
        {
            foreach (var region in type.Regions) table.Add(type.TypeName, region.Address, Count(region.Shards), Count(region.Entities));
            table.Add(type.TypeName, $"all {type.Regions.Count} nodes", Count(type.Shards), Count(type.Entities));
        }
        table.WriteTo(console.Out);
        console.Out.WriteLine("(shards are started on first use; ENTITIES: the ones in memory now)");
        if (sharding.Types.Any(t => t.Proxy)) console.Out.WriteLine("(the node that answered hosts no shards: it reaches them through shard region proxies)");
        return ExitCodes.Ok;
    }
}
