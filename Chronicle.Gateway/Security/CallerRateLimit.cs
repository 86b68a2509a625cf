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
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartition.GetTokenBucketLimiter(Caller(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        options.OnRejected = async (context, _) =>
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(context.HttpContext.Response,
                Problems.RateLimited($"more than {limits.RequestsPerSecond} requests a second (bursts of {limits.Burst}); nothing was done, retry after {seconds}s"));
        };
    }

    private static string Caller(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } keyId } ? "key:" + keyId : "address:" + http.Connection.RemoteIpAddress;
}
