using Chronicle.Actors.Accounts;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Transfers;
using Chronicle.Gateway.OpenApi;
using Chronicle.Projector.Partitions;
using Chronicle.Projector.Webhooks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Chronicle.Gateway.Telemetry;

/// <summary>
/// GET /metrics: the node's System.Diagnostics.Metrics instruments in Prometheus text format, through
/// OpenTelemetry's Prometheus exporter. Each capability defines its instruments next to the code
/// they measure; this only names the meters to export (docs/OPERATIONS.md lists every metric).
/// </summary>
internal static class MetricsHosting
{
    public const string Route = "/metrics";

    /// <summary>ASP.NET Core's own: http.server.request.duration by route, method and status.</summary>
    private const string AspNetCoreHostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>
    /// The .NET runtime's own (dotnet.gc.*, dotnet.jit.*, dotnet.thread_pool.*, …): GC pauses, JIT work, thread pool
    /// queue. The bench reads the JIT's compilation time from it to tell a warmed node from a fresh one.
    /// </summary>
    public const string RuntimeMeter = "System.Runtime";

    private static readonly string[] Meters =
    [
        AccountMetrics.MeterName, TransferMetrics.MeterName, ForwarderHost.MeterName, ProjectorMetrics.MeterName, WebhookMetrics.MeterName, ClusterMetrics.MeterName,
        AspNetCoreHostingMeter, RuntimeMeter,
    ];

    /// <summary>OpenTelemetry's standard name of the service: set (the Aspire dev stack names each node so), it names this node's telemetry.</summary>
    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    public static IServiceCollection AddChronicleMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenTelemetry()
            // Unset, "chronicle"; set, the SDK takes it and OTEL_RESOURCE_ATTRIBUTES as they are, so a dashboard finds its node.
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(configuration[ServiceNameVariable])) resource.AddService("chronicle");
            })
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                // Every scrape collects afresh: Prometheus scrapes seldom, and a cached answer would hide what just happened.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// The scrape route, GET only; its own requests are left out of the HTTP latency histogram. The exporter's
    /// middleware behind a route handler rather than its own endpoint (a bare RequestDelegate, which the OpenAPI
    /// document cannot describe).
    /// </summary>
    public static RouteHandlerBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        var scrape = app.CreateApplicationBuilder().UseOpenTelemetryPrometheusScrapingEndpoint(_ => true).Build();
        Func<HttpContext, Task> handler = http => scrape(http);
        return app.MapGet(Route, handler).DisableHttpMetrics().WithTags(ApiTags.Operations)
            .WithSummary("The node's metrics in the Prometheus text format (docs/OPERATIONS.md lists them).")
            .Produces(StatusCodes.Status200OK, typeof(string), "text/plain")
            .WithHeader(ResponseHeaders.ScrapeLastModified, StatusCodes.Status200OK).WithHeader(ResponseHeaders.ScrapeVary, StatusCodes.Status200OK);
    }
}
