namespace Chronicle.Gateway.Security;

/// <summary>
/// How large a request body may be: <see cref="RequestLimits.MaxBodyBytes"/>, or on a route that carries many
/// commands in one body (<see cref="LargeBody"/> in its metadata: the batch) <see cref="RequestLimits.MaxBatchBodyBytes"/>.
/// Routing runs before every middleware here, so the route, and with it the limit, is known before the body is read.
/// </summary>
internal static class BodyLimit
{
    /// <summary>Endpoint metadata: this route takes bodies up to <see cref="RequestLimits.MaxBatchBodyBytes"/>.</summary>
    public sealed class LargeBody
    {
        public static readonly LargeBody Instance = new();

        private LargeBody()
        {
        }
    }

    /// <summary>The most body bytes the request's route accepts.</summary>
    public static int Of(HttpContext http, RequestLimits limits) =>
        http.GetEndpoint()?.Metadata.GetMetadata<LargeBody>() is null ? limits.MaxBodyBytes : limits.MaxBatchBodyBytes;
}
