using Chronicle.Gateway.Commands;
using Microsoft.OpenApi;

namespace Chronicle.Gateway.OpenApi;

/// <summary>A header the gateway sets on a response, as the document shows it: its name, what it says, its values.</summary>
internal sealed record ResponseHeader(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String)
{
    public OpenApiHeader ToOpenApi() => new() { Description = Description, Schema = new OpenApiSchema { Type = Type } };
}

/// <summary>
/// Every header the gateway sets on a response beside its content (the names the code sets them under): those of the
/// guards and problems, which <see cref="OperationRules"/> adds by status, and those a route sets itself, which the route
/// names (<see cref="RouteHeader"/>). OpenApiDocumentTests checks that what a route answers with is documented.
/// </summary>
internal static class ResponseHeaders
{
    public static readonly ResponseHeader RetryAfter = new("Retry-After",
        "Seconds to wait before trying again: a 429's until the caller's rate admits it, a 503's 1.", JsonSchemaType.Integer);

    public static readonly ResponseHeader WwwAuthenticate = new("WWW-Authenticate", "Bearer: send an API key as Authorization: Bearer <key>.");

    public static readonly ResponseHeader IdempotentReplayed = new(CommandAnswer.ReplayedHeader,
        "true: the answer is an earlier one, given again for the same Idempotency-Key and request; nothing was written this time.");

    public static readonly ResponseHeader Location = new("Location", "Where to follow the work up: GET it until it says how it ended.");

    public static readonly ResponseHeader ReadSource = new(Queries.ReadSource.Header,
        $"Who answered: {Queries.ReadSource.ReadModel}, or the entity itself ({Queries.ReadSource.Account}, {Queries.ReadSource.Transfer}).");

    public static readonly ResponseHeader ReadFallback = new(Queries.ReadSource.FallbackHeader,
        $"Why the entity answered although the read was not strong: {Queries.ReadSource.Unavailable}, {Queries.ReadSource.Rebuilding} " +
        $"or {Queries.ReadSource.Miss}.");

    /// <summary>On the routes that read from the read model or the entity: their answers and the refusals the source gives.</summary>
    public static readonly IReadOnlyList<int> ReadStatuses = [StatusCodes.Status200OK, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable];

    public static readonly ResponseHeader ContentSecurityPolicy = new("Content-Security-Policy", "The page loads and calls nothing but this node.");

    public static readonly ResponseHeader ContentTypeOptions = new("X-Content-Type-Options", "nosniff.");

    public static readonly ResponseHeader CacheControl = new("Cache-Control", "no-cache: a new node version may bring new files.");

    // The framework's server-sent events' own (Results.ServerSentEvents), on GET /events/stream: nothing between the node
    // and the client keeps, compresses or buffers the stream.

    public static readonly ResponseHeader StreamCacheControl = new("Cache-Control", "no-cache,no-store: a live stream, never cached.");

    public static readonly ResponseHeader StreamPragma = new("Pragma", "no-cache, for HTTP/1.0 caches.");

    public static readonly ResponseHeader StreamContentEncoding = new("Content-Encoding", "identity: the stream is not compressed, so each event arrives as it is sent.");

    // The Prometheus exporter's own, on GET /metrics.

    public static readonly ResponseHeader ScrapeLastModified = new("Last-Modified", "When the metrics were collected: at this scrape.");

    public static readonly ResponseHeader ScrapeVary = new("Vary", "What the format of the answer depends on: the exporter picks the Prometheus or the OpenMetrics text by the request.");
}

/// <summary>Endpoint metadata: a header the route sets itself on its answers of <paramref name="Statuses"/>, for its OpenAPI operation.</summary>
internal sealed record RouteHeader(ResponseHeader Header, IReadOnlyList<int> Statuses);

internal static class RouteHeaderExtensions
{
    public static TBuilder WithHeader<TBuilder>(this TBuilder route, ResponseHeader header, params IReadOnlyList<int> statuses)
        where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new RouteHeader(header, statuses));

    /// <summary>The headers of a read the read model answers, or the entity in its stead (<see cref="Queries.ReadModel.ReadModelGate"/>).</summary>
    public static TBuilder WithReadSource<TBuilder>(this TBuilder route, bool fallback) where TBuilder : IEndpointConventionBuilder
    {
        route.WithHeader(ResponseHeaders.ReadSource, ResponseHeaders.ReadStatuses);
        return fallback ? route.WithHeader(ResponseHeaders.ReadFallback, ResponseHeaders.ReadStatuses) : route;
    }
}
