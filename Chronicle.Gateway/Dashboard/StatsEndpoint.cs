using Akka.Actor;
using Chronicle.Gateway.Admin;
using Chronicle.Gateway.Queries.ReadModel;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// GET /stats: what the dashboard's top row shows, each part from where it lives: money per currency
/// from the read model, events per second from the feed, projection lag from the projector (as
/// GET /admin/projector computes it), members from this node's view of the cluster. A part whose
/// source is away is left out rather than failing the whole answer.
/// </summary>
public static class StatsEndpoint
{
    public const string Route = "/stats";

    public static RouteHandlerBuilder MapStats(this IEndpointRouteBuilder routes) =>
        routes.MapGet(Route, async (HttpContext http, IServiceProvider services, ActorSystem system, ReadModelGate readModel) =>
        {
            var cancellation = http.RequestAborted;
            var money = readModel.TryQueryAsync(source => LedgerTotalsQuery.MoneyAsync(source, cancellation));
            var projection = ProjectionAsync(services.GetService<ProjectorClient>(), cancellation);
            await Task.WhenAll(money, projection);
            return Results.Json(new StatsResponse(DateTimeOffset.UtcNow, money.Result.State, money.Result.Result,
                services.GetService<EventRate>()?.Snapshot(), projection.Result, Cluster(system)), DashboardJson.Default.StatsResponse);
        });

    private static async Task<ProjectionStats?> ProjectionAsync(ProjectorClient? projector, CancellationToken cancellationToken)
    {
        if (projector is null) return null;
        try
        {
            var status = projector.StatusAsync(cancellationToken);
            var checkpoints = projector.CheckpointsAsync(cancellationToken);
            await Task.WhenAll(status, checkpoints);
            var report = ProjectorReport.Build(status.Result, checkpoints.Result, null, null, DateTimeOffset.UtcNow);
            var totals = report.Totals;
            return new ProjectionStats(totals.MaxLagMs, totals.Pending, totals.Running, totals.Partitions, report.CaughtUp);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static ClusterStats Cluster(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members.Select(m => new ClusterMember(m.Address.ToString(), m.Status.ToString().ToLowerInvariant(),
            [.. m.Roles.Order()], !state.Unreachable.Contains(m))).ToList();
        return new ClusterStats(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }
}
