using Chronicle.Actors.Accounts;
using Chronicle.Actors.Pipeline;
using Chronicle.Projector.Partitions;
using OpenTelemetry.Trace;

namespace Chronicle.Gateway.Telemetry;

/// <summary>
/// Traces (docs/TRACING.md): when OpenTelemetry's standard <see cref="EndpointVariable"/> is set, the node records the
/// HTTP requests it serves (ASP.NET Core's server spans) and the ledger's own spans, each source named once beside the
/// code it traces, and exports them over OTLP to that endpoint (the Aspire dashboard's in the dev stack). Unset, nothing
/// listens to those sources: no span is made, no context is carried, and the writes cost what they did before.
/// </summary>
internal static class TracingHosting
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The ledger's sources: a command at its account and its journal write, the feed's publish, the projector's apply.</summary>
    public static readonly string[] Sources = [AccountTracing.SourceName, FeedTracing.SourceName, ProjectorTracing.SourceName];

    /// <summary>Whether <paramref name="configuration"/> (environment, command line) names an OTLP endpoint.</summary>
    public static bool Enabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);

    public static IServiceCollection AddChronicleTracing(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration)) return services;
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(Sources)
            // The route, not the path: a path names accounts and transfers, which the node keeps out of its logs too.
            .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpResponse = (span, _) => span.SetTag("url.path", null))
            // Endpoint, protocol and the rest from OpenTelemetry's own OTEL_EXPORTER_OTLP_* variables.
            .AddOtlpExporter());
        return services;
    }
}
