using System.Globalization;
using System.Threading.RateLimiting;
using Chronicle.Contracts.Http;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Chronicle.Gateway.Security;

/// <summary>
/// A token bucket per caller: per API key (its id), or per client address for requests without a
/// valid key. Runs after authentication, before anything else: a refused request reaches no route,
/// so it changes nothing, and is answered 429 <c>rate_limited</c> with Retry-After. A request that counts as
/// more than one (a batch of commands) takes the rest once its body says how many (<see cref="TakeMore"/>).
/// </summary>
internal static class CallerRateLimit
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
        options.OnRejected = (context, _) => new ValueTask(Problems.WriteAsync(context.HttpContext.Response, Refused(context.HttpContext, context.Lease, limits)));
    }

    /// <summary>
    /// Takes <paramref name="permits"/> more from the caller's bucket, for a request that counts as more than the
    /// one it took to get in: a batch counts as its commands. Null when taken; otherwise the problem to answer with
    /// (Retry-After set), and nothing is done.
    /// </summary>
    public static Problem? TakeMore(HttpContext http, int permits)
    {
        if (permits <= 0) return null;
        var limits = http.RequestServices.GetRequiredService<RequestLimits>();
        // The bucket never holds more than Burst, one of which this request took to get in: a request that counts as
        // more could never pass, however long its client waited (and the limiter refuses to be asked for more than Burst).
        if (permits + 1 > limits.Burst)
            return Problems.ValidationFailed($"this request counts as {permits + 1} requests, more than the {limits.Burst} one key may make at once; send fewer commands");
        var limiter = http.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        using var lease = limiter.AttemptAcquire(http, permits);
        return lease.IsAcquired ? null : Refused(http, lease, limits);
    }

    private static Problem Refused(HttpContext http, RateLimitLease lease, RequestLimits limits)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.RateLimited($"more than {limits.RequestsPerSecond} requests a second (bursts of {limits.Burst}); nothing was done, retry after {seconds}s");
    }

    /// <summary>The key's id as it is: ids have no ':' (<see cref="ApiKeysFile"/>), so none is taken for an address.</summary>
    private static string Caller(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, Name: { } keyId } ? keyId : "address:" + http.Connection.RemoteIpAddress;
}
