using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Chronicle.Client.Http;

/// <summary>A success's body and how the node answered it.</summary>
internal readonly record struct Answer(int Status, byte[] Body, bool Replayed);

/// <summary>
/// Sends one call to the node, retried as <see cref="ChronicleRetryPolicy"/> says: the same request (body and
/// Idempotency-Key) each time. A success comes back as its <see cref="Answer"/>; a refusal, or a failure after the last
/// try, is thrown: a <see cref="ChronicleProblemException"/> for an answer, the HttpClient's own exception for none.
/// </summary>
internal sealed class ChronicleTransport(HttpClient http, Uri baseAddress, AuthenticationHeaderValue? authorization, ChronicleRetryPolicy retry)
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";
    private const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <param name="method">GET for a read, POST for a write (or an admin action), DELETE for a removal.</param>
    /// <param name="route">Relative to the base address, without a leading slash.</param>
    /// <param name="body">UTF-8 JSON; none for a GET.</param>
    /// <param name="idempotencyKey">Sent as the Idempotency-Key header when not null.</param>
    /// <param name="retryable">Whether the call may be sent again: a read, or a write under a key.</param>
    /// <param name="cancellationToken">The caller's: stops the call and its retries.</param>
    public async Task<Answer> SendAsync(HttpMethod method, string route, byte[]? body, string? idempotencyKey, bool retryable,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(baseAddress, route);
        for (var attempt = 1; ; attempt++)
        {
            var last = !retryable || attempt >= retry.MaxAttempts;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = Request(method, uri, body, idempotencyKey);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return new Answer((int)response.StatusCode, content, Replayed(response));
                retryAfter = RetryAfter(response);
                if (last || !Retryable(response.StatusCode))
                    throw new ChronicleProblemException(Problem(response, content), retryAfter) { Request = $"{method} {uri.PathAndQuery}" };
            }
            catch (Exception e) when (!last && Unanswered(e, cancellationToken))
            {
                // No answer: the write may or may not have happened; the same key makes sending it again safe.
            }
            await Task.Delay(retry.DelayBefore(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, byte[]? body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, uri);
        // On each request, not the HttpClient's defaults: clients with different keys may share one HttpClient.
        request.Headers.Authorization = authorization;
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        if (body is null) return request;
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        return request;
    }

    private static bool Retryable(HttpStatusCode status) => status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests;

    /// <summary>A connection refused or cut, or the HttpClient's timeout; not the caller's cancellation.</summary>
    private static bool Unanswered(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ReplayedHeader, out var values) && values.Contains("true", StringComparer.OrdinalIgnoreCase);

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    /// <summary>The answer's problem document; one made of its status and text when it is none (a proxy's error page).</summary>
    private static ChronicleProblem Problem(HttpResponseMessage response, byte[] content)
    {
        try
        {
            if (JsonSerializer.Deserialize(content, ClientJson.Default.ChronicleProblem) is { Code: not null } problem) return problem;
        }
        catch (JsonException)
        {
        }
        var text = System.Text.Encoding.UTF8.GetString(content);
        return new ChronicleProblem("about:blank", response.ReasonPhrase ?? response.StatusCode.ToString(), (int)response.StatusCode,
            text.Length > 500 ? text[..500] : text, Code: null, Error: null);
    }
}
