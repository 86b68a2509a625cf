using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata: the problems a route answers with by itself (its validation, its 404s, its 503s), for its
/// OpenAPI operation. The guards' problems in front of every route (401, 403, 429, ...) are added by
/// <see cref="OperationRules"/> from the route's other metadata.
/// </summary>
internal sealed record RouteProblems(IReadOnlyList<ProblemType> Types);

internal static class RouteProblemsExtensions
{
    public static TBuilder WithProblems<TBuilder>(this TBuilder route, params IEnumerable<ProblemType> types)
        where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new RouteProblems([.. types]));
}
