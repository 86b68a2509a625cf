using System.Globalization;
using System.Threading.RateLimiting;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Chronicle.Gateway.Security;

/// <summary>
/// A token bucket per caller: per API key (its id), or per client address for requests without a
/// valid key. Runs after authentication, before anything else: a refused request reaches no route,
/// so it changes nothing, and is answered 429 <c>rate_limited</c> with Retry-After.
/// </summary>
public static class CallerRateLimit
{
    public static void Configure(RateLimiterOptions options, RequestLimits limits)
    {
        // Every caller's bucket alike: its settings built once, not on each request.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Func<string, TokenBucketRateLimiterOptions> bucketOf = _ => bucket;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartition.GetTokenBucketLimiter(Caller(http), bucketOf));
        options.OnRejected = async (context, _) =>
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context.HttpContext.Response,
                Problems.RateLimited($"more than {limits.RequestsPerSecond} requests a second (bursts of {limits.Burst}); nothing was done, retry after {seconds}s"));
        };
    }

    /// <summary>The key's id as it is: ids have no ':' (<see cref="ApiKeysFile"/>), so none is taken for an address.</summary>
    private static string Caller(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } keyId } ? keyId : "address:" + http.Connection.RemoteIpAddress;
}
