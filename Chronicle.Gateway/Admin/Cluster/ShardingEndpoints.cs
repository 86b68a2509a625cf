using Akka.Actor;
using Akka.Cluster.Sharding;
using Chronicle.Actors.Hosting;
using Chronicle.Contracts.Admin;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.OpenApi;
using Chronicle.Gateway.Roles;

namespace Chronicle.Gateway.Admin.Cluster;

/// <summary>
/// The operators' routes over sharding (what <c>chronicle sharding regions | stats &lt;type&gt;</c> call):
/// GET /admin/sharding, every entity type and its regions; GET /admin/sharding/{type}, one type's regions
/// shard by shard. Both from the shard coordinator's cluster-wide statistics (GetClusterShardingStats).
/// </summary>
internal static class ShardingEndpoints
{
    public const string Route = "/sharding";

    /// <summary>How long the coordinator waits for each region's answer; a region that misses it is left out.</summary>
    private static readonly TimeSpan RegionTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The coordinator's own wait, plus the way there and back.</summary>
    private static readonly TimeSpan AskTimeout = RegionTimeout + TimeSpan.FromSeconds(5);

    public static void MapShardingEndpoints(this IEndpointRouteBuilder admin)
    {
        admin.MapGet(Route, (ActorSystem system, NodeSettings node, HttpContext http) => UnlessCoordinatorSilentAsync(async () =>
        {
            // Each type has its own coordinator: asked together, answered in the order asked.
            var types = await Task.WhenAll(LedgerHosting.ShardTypeNames.Select(typeName =>
                StatsAsync(system, node, typeName, perShard: false, http.RequestAborted)));
            return Results.Json(new ShardingResponse(types), ApiJsonContext.Api.ShardingResponse);
        })).Produces<ShardingResponse>().WithSummary("Each sharded entity type: its regions, shards and entities.").WithProblems(ProblemTypes.Unavailable);

        admin.MapGet(Route + "/{typeName}", async (string typeName, ActorSystem system, NodeSettings node, HttpContext http) =>
        {
            if (!LedgerHosting.ShardTypeNames.Contains(typeName))
                return Problems.Result(Problems.Of(ProblemTypes.ShardTypeNotFound,
                    $"no entity type '{typeName}' is sharded; the types are {string.Join(", ", LedgerHosting.ShardTypeNames)}"));
            return await UnlessCoordinatorSilentAsync(async () =>
                Results.Json(await StatsAsync(system, node, typeName, perShard: true, http.RequestAborted), ApiJsonContext.Api.ShardTypeResponse));
        }).Produces<ShardTypeResponse>().WithSummary("One sharded entity type, shard by shard.")
            .WithProblems(ProblemTypes.ShardTypeNotFound, ProblemTypes.Unavailable);
    }

    /// <summary><paramref name="ask"/>'s answer, or 503 when a coordinator did not answer in time (it may be moving to another ledger node).</summary>
    private static async Task<IResult> UnlessCoordinatorSilentAsync(Func<Task<IResult>> ask)
    {
        try
        {
            return await ask();
        }
        catch (AskTimeoutException)
        {
            return Problems.Unavailable("the shard coordinator did not answer in time (it may be moving to another ledger node); retry");
        }
    }

    private static async Task<ShardTypeResponse> StatsAsync(ActorSystem system, NodeSettings node, string typeName, bool perShard,
        CancellationToken cancellationToken)
    {
        // The region on a ledger node, the proxy elsewhere: either passes the question to the coordinator.
        var stats = await ClusterSharding.Get(system).ShardRegion(typeName).Ask<ClusterShardingStats>(new GetClusterShardingStats(RegionTimeout), AskTimeout, cancellationToken);
        var regions = stats.Regions
            .OrderBy(region => region.Key.ToString(), StringComparer.Ordinal)
            .Select(region => new RegionResponse(
                region.Key.ToString(),
                region.Value.Stats.Count,
                region.Value.Stats.Values.Sum(),
                region.Value.Failed.Order(StringComparer.Ordinal).ToList(),
                perShard
                    ? region.Value.Stats.OrderBy(s => s.Key, ShardIdOrder.Instance).Select(s => new ShardStatsResponse(s.Key, s.Value)).ToList()
                    : null))
            .ToList();
        return new ShardTypeResponse(typeName, !node.Has(NodeRoles.Ledger), regions.Sum(r => r.Shards), regions.Sum(r => r.Entities), regions);
    }

    /// <summary>Shard ids are numbers ("7", "12"): in numeric order, not text order.</summary>
    private sealed class ShardIdOrder : IComparer<string>
    {
        public static readonly ShardIdOrder Instance = new();

        public int Compare(string? x, string? y) => (x?.Length ?? 0) != (y?.Length ?? 0)
            ? (x?.Length ?? 0).CompareTo(y?.Length ?? 0)
            : string.CompareOrdinal(x, y);
    }
}
