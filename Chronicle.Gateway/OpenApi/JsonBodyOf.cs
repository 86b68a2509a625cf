namespace Chronicle.Gateway.OpenApi;

/// <summary>
/// Endpoint metadata: the route reads a JSON body into <paramref name="Record"/> (with <see cref="Http.JsonBody"/> and <see cref="Http.RequestFields"/>),
/// for its OpenAPI operation. Not ASP.NET's Accepts metadata: that one also takes part in routing, which would answer
/// a request of another content type before the route's own 415 problem.
/// </summary>
internal sealed record JsonBodyOf(Type Record);

internal static class JsonBodyOfExtensions
{
    public static TBuilder WithJsonBody<TBuilder>(this TBuilder route, Type record) where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new JsonBodyOf(record));
}
