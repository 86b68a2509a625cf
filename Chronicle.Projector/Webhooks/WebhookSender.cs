using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// What one attempt came to: delivered (a 2xx), or failed with the status or the error; how long it took; and, on a
/// 429 or 503 that said so, when the receiver wants the next attempt (its <c>Retry-After</c>).
/// </summary>
internal sealed record AttemptResult(bool Delivered, int? StatusCode, TimeSpan Duration, string? Error, TimeSpan? RetryAfter = null);

/// <summary>
/// Sends one attempt of one message: a POST with the Standard Webhooks headers, signed afresh (each attempt
/// has its own timestamp), bounded by the request timeout. Redirects are not followed (a 3xx is a failure):
/// the receiver's address is the one registered. No proxy: the sender checks the addresses it connects to.
/// One sender (one connection pool) serves every endpoint's lane.
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How long a pooled connection is reused: a name's addresses are resolved, and checked, again after it.</summary>
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(1);

    private static readonly ProductInfoHeaderValue UserAgent = new("Chronicle-Webhooks", "1");

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;

    public WebhookSender(WebhookOptions options)
    {
        _timeout = options.RequestTimeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = ConnectionLifetime,
            ConnectCallback = options.AllowPrivateAddresses ? null : GuardedConnection.ConnectAsync,
        };
        // The timeout is per attempt (below), not the client's.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<AttemptResult> SendAsync(WebhookEndpoint endpoint, WebhookMessage message, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ReadOnlyMemoryContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Add(IdHeader, message.WebhookId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(endpoint.Key, message.WebhookId, timestamp, message.Body.Span));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The answer's body is not read: the status says it all, and a receiver cannot make the lane read megabytes.
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new AttemptResult(true, status, Stopwatch.GetElapsedTime(started), null)
                : new AttemptResult(false, status, Stopwatch.GetElapsedTime(started), $"HTTP {status} {response.ReasonPhrase}".TrimEnd(),
                    RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(false, null, Stopwatch.GetElapsedTime(started), $"no answer within {_timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(false, null, Stopwatch.GetElapsedTime(started), Describe(e));
        }
    }

    /// <summary>
    /// The wait a 429 (too many requests) or 503 (unavailable) asks for: seconds, or a date (less the time now). Null
    /// without one, or on another status, where the header means nothing for a retry.
    /// </summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is { } after
            ? after.Delta ?? after.Date - DateTimeOffset.UtcNow
            : null;

    /// <summary>The exception's message with its causes' ("Connection refused", the guard's refusal), which say what happened.</summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
            if (!messages.Contains(cause.Message)) messages.Add(cause.Message);
        return string.Join(": ", messages);
    }

    public void Dispose() => _http.Dispose();
}
