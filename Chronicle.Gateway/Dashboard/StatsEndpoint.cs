using Akka.Actor;
using Chronicle.Gateway.Admin;
using Chronicle.Gateway.Admin.Cluster;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Queries.ReadModel;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// GET /stats: what the dashboard's top row shows, each part from where it lives: money per currency
/// from the read model, events per second from the feed, projection lag from the projector (as
/// GET /admin/projector computes it), members from this node's view of the cluster. A part whose
/// source is away is left out rather than failing the whole answer.
/// </summary>
internal static class StatsEndpoint
{
    public const string Route = "/stats";

    public static RouteHandlerBuilder MapStats(this IEndpointRouteBuilder routes)
    {
        // Singletons a node may not have (no projector, no feed): looked up once, not on every request.
        var projector = routes.ServiceProvider.GetService<ProjectorClient>();
        var rate = routes.ServiceProvider.GetService<EventRate>();
        return routes.MapGet(Route, async (HttpContext http, ActorSystem system, ReadModelGate readModel) =>
        {
            var cancellation = http.RequestAborted;
            var money = readModel.TryQueryAsync(source => LedgerTotalsQuery.MoneyAsync(source, cancellation));
            var projection = ProjectionAsync(projector, cancellation);
            await Task.WhenAll(money, projection);
            return Results.Json(new StatsResponse(DateTimeOffset.UtcNow, money.Result.State, money.Result.Result,
                rate?.Snapshot(), projection.Result, Cluster(system)), ApiJsonContext.Api.StatsResponse);
        }).Produces<StatsResponse>().WithSummary("The dashboard's top row: money per currency, events a second, projection lag, members.");
    }

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
        return new ClusterStats(cluster.SelfAddress.ToString(), state.Leader?.ToString(), [.. state.Members.Select(m => ClusterReport.Member(m, state))]);
    }
}
