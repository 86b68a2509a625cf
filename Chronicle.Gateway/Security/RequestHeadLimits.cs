using Chronicle.Contracts.Http;
using Chronicle.Gateway.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Chronicle.Gateway.Security;

/// <summary>
/// Bounds on the request line and headers, and on the body length they declare, checked before anything
/// else reads them. Kestrel has such limits too but answers them with a bare status and no body; here
/// they are problem+json (414, 431, 413). Kestrel's own are set to twice these, a backstop for requests
/// far beyond them.
/// </summary>
internal static class RequestHeadLimits
{
    public static void ConfigureKestrel(KestrelServerLimits kestrel, RequestLimits limits)
    {
        kestrel.MaxRequestHeaderCount = 2 * limits.MaxHeaderCount;
        kestrel.MaxRequestHeadersTotalSize = 2 * limits.MaxHeaderBytes;
        kestrel.MaxRequestLineSize = 2 * limits.MaxUrlBytes;
        // JsonBody reads one byte past MaxBodyBytes to tell "too large" itself (a 413 problem), and
        // Kestrel refuses a chunked body as soon as it has buffered more than its limit, read or not.
        // The batch route raises it for its own requests (CheckAsync).
        kestrel.MaxRequestBodySize = 2L * limits.MaxBodyBytes;
    }

    public static async Task CheckAsync(HttpContext http, RequestDelegate next, RequestLimits limits)
    {
        var maxBody = BodyLimit.Of(http, limits);
        // The backstop at twice the route's own limit, as for every other route; settable until the body is read.
        if (maxBody > limits.MaxBodyBytes && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
            kestrelLimit.MaxRequestBodySize = 2L * maxBody;
        if (Refusal(http, limits, maxBody) is { } problem)
        {
            // The body, if any, is never read: the connection cannot carry another request after it.
            if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0) http.Response.Headers.Connection = "close";
            await Problems.WriteAsync(http.Response, problem);
            return;
        }
        await next(http);
    }

    private static Problem? Refusal(HttpContext http, RequestLimits limits, int maxBody)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > limits.MaxUrlBytes) return Problems.UriTooLong(limits.MaxUrlBytes);

        int count = 0, bytes = 0;
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }
        if (count > limits.MaxHeaderCount) return Problems.HeadersTooLarge($"{count} request headers; at most {limits.MaxHeaderCount} are accepted");
        if (bytes > limits.MaxHeaderBytes) return Problems.HeadersTooLarge($"the request headers exceed {limits.MaxHeaderBytes} bytes");
        if (http.Request.ContentLength > maxBody) return Problems.BodyTooLarge(maxBody);
        return null;
    }
}
