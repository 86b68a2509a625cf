using System.CommandLine;
using System.Globalization;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>sharding stats TYPE</c>: one entity type, node by node: how many shards and entities, and which shards.</summary>
internal static class ShardingStatsCommand
{
    public static Command Create(CliContext context)
    {
        var typeName = new Argument<string>("TYPE") { Description = "the entity type: account or transfer (sharding regions lists them)" };
        var command = new Command("stats", "one entity type, node by node: shards, entities, which shards") { typeName };
        CliWords.Require(command, typeName, "sharding stats needs an entity type (sharding regions lists them)");
        context.SetOperatorAction(command, (parse, node, cancellationToken) => RunAsync(node, parse.GetValue(typeName)!, context.Console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliNode node, string typeName, CliConsole console, CancellationToken cancellationToken)
    {
        var stats = await node.AskAsync((client, token) => client.GetShardTypeAsync(typeName, token), cancellationToken);
        console.Out.WriteLine($"{stats.TypeName}: {Count(stats.Shards)} shards, {Count(stats.Entities)} entities on {stats.Regions.Count} nodes");
        var table = new CliTable("NODE", "SHARDS", "ENTITIES", "MOST IN A SHARD", "SHARD IDS").AlignRight(1, 2, 3);
        foreach (var region in stats.Regions)
        {
            var shards = region.ShardStats ?? [];
            table.Add(region.Address, Count(region.Shards), Count(region.Entities), Count(shards.Select(s => s.Entities).DefaultIfEmpty(0).Max()),
                Ranges(shards.Select(s => s.ShardId)));
        }
        table.WriteTo(console);
        var failed = stats.Regions.SelectMany(r => r.FailedShards).ToList();
        console.Out.WriteLine(failed.Count == 0 ? "every shard answered" : $"did not answer in time (not counted): shards {string.Join(", ", failed)}");
        return ExitCodes.Ok;
    }

    /// <summary>Numeric shard ids as ranges ("0-3, 7, 12-14"); other ids as they are.</summary>
    private static string Ranges(IEnumerable<string> shardIds)
    {
        var ids = shardIds.ToList();
        if (!ids.All(id => int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))) return string.Join(", ", ids);
        var numbers = ids.Select(id => int.Parse(id, CultureInfo.InvariantCulture)).Order().ToList();
        var ranges = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var end = i;
            while (end + 1 < numbers.Count && numbers[end + 1] == numbers[end] + 1) end++;
            ranges.Add(end == i ? $"{numbers[i]}" : $"{numbers[i]}-{numbers[end]}");
            i = end + 1;
        }
        return string.Join(", ", ranges);
    }
}
