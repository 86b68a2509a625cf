using Akka.Actor;
using Akka.Cluster;
using Chronicle.Gateway.Http;
using Chronicle.Gateway.Queries.ReadModel;
using Chronicle.Gateway.OpenApi;

namespace Chronicle.Gateway.Operations;

/// <summary>
/// /healthz: the process answers. /readyz: this node is an Up cluster member and the event store answers;
/// it also reports the event feed's NATS server ("bus") and the read model ("read_model") when they are
/// configured, without depending on them.
/// </summary>
internal static class HealthEndpoints
{

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Load balancers and orchestrators probe these without a key.
        var health = app.MapGroup("").AllowAnonymous().WithTags(ApiTags.Operations);

        health.MapGet("/healthz", () => Results.Json(new HealthResponse("alive"), ApiJsonContext.Api.HealthResponse))
            .Produces<HealthResponse>().WithSummary("Liveness: the process answers.");

        // Only on a node with the feed's NATS server: looked up once, not on every request.
        var bus = app.ServiceProvider.GetService<BusMonitor>();
        // Every check is a cached result of a background probe: the route opens nothing, whoever calls it how often.
        health.MapGet("/readyz", (ActorSystem system, EventStoreMonitor monitor, ReadModelGate readModel) =>
        {
            var member = Cluster.Get(system).SelfMember.Status;
            var eventStore = monitor.Health;
            var checks = new Dictionary<string, string>
            {
                ["cluster_member"] = member.ToString().ToLowerInvariant(),
                ["event_store"] = eventStore,
            };
            // Reported, not required: writes never wait on NATS (the forwarder catches up when it
            // returns), so a node without its bus must stay in the load balancer.
            if (bus is not null) checks["bus"] = bus.Health;
            // Likewise: only queries use it, and those fall back to the entities or answer 503 by themselves.
            if (readModel.Health is { } readModelHealth) checks["read_model"] = readModelHealth;
            var ready = member == MemberStatus.Up && eventStore == "ok";
            return Results.Json(new HealthResponse(ready ? "ready" : "not_ready", checks), ApiJsonContext.Api.HealthResponse,
                statusCode: ready ? 200 : 503);
        }).Produces<HealthResponse>().Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Readiness: an Up cluster member whose event store answers (503 not_ready otherwise); the bus and the read model reported.");
    }
}
