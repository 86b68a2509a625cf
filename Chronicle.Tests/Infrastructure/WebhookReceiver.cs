using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A webhook receiver on loopback (Kestrel, in the test's process): it records every request it gets and answers
/// as the test says: 200, 503, or never (the sender's timeout ends the attempt); or 429 or 503 with a
/// Retry-After to the first request of each webhook-id. It checks nothing itself;
/// <see cref="Received.AssertSigned"/> verifies a signature the way a receiver would, from the secret alone.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public enum Answer { Ok, Unavailable, Never }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private volatile Answer _answer = Answer.Ok;
    private volatile RetryAfterAnswer? _retryAfterFirst;
    private readonly ConcurrentDictionary<string, bool> _seen = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url => new(new Uri(_app.Urls.Single()), "/hook");

    /// <summary>Every request, in the order they arrived.</summary>
    public IReadOnlyList<Received> All => _received.ToList();

    /// <summary>The requests answered with 200: what the receiver took.</summary>
    public IReadOnlyList<Received> Accepted => _received.Where(r => r.Status == 200).ToList();

    public void AnswerWith(Answer answer) => _answer = answer;

    /// <summary>From now, the first request of each webhook-id is answered <paramref name="status"/> with <c>Retry-After: <paramref name="retryAfter"/></c>.</summary>
    public void AskFirstToRetryAfter(int status, string retryAfter) => _retryAfterFirst = new RetryAfterAnswer(status, retryAfter);

    public static async Task<WebhookReceiver> StartAsync(Answer answer = Answer.Ok)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { _answer = answer };
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var current = receiver._answer;
            var retryAfter = receiver._retryAfterFirst is { } asked && receiver._seen.TryAdd(http.Request.Headers["webhook-id"].ToString(), true) ? asked : null;
            var status = retryAfter?.Status ?? (current == Answer.Ok ? 200 : 503);
            if (retryAfter is not null) http.Response.Headers.RetryAfter = retryAfter.Value;
            receiver._received.Enqueue(new Received(http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), http.Request.ContentType, body, current == Answer.Never && retryAfter is null ? 0 : status,
                DateTimeOffset.UtcNow));
            if (current == Answer.Never && retryAfter is null) await Task.Delay(Timeout.Infinite, http.RequestAborted);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record RetryAfterAnswer(int Status, string Value);

    /// <summary>One request as it came.</summary>
    /// <param name="Status">What the receiver answered; 0 when it never did.</param>
    public sealed record Received(string WebhookId, string Timestamp, string Signature, string? ContentType, string Body, int Status, DateTimeOffset At)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public string Type => Json.GetProperty("type").GetString()!;

        public string AccountId => Json.GetProperty("account_id").GetString()!;

        public long Version => Json.GetProperty("version").GetInt64();

        /// <summary>
        /// The Standard Webhooks check, computed here from the secret alone: one of the signatures (space-separated)
        /// is "v1," and the base64 HMAC-SHA256 of "id.timestamp.body" under the secret's decoded bytes; the timestamp is recent.
        /// </summary>
        public void AssertSigned(string secret)
        {
            Assert.StartsWith("whsec_", secret);
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{WebhookId}.{Timestamp}.{Body}")));
            Assert.Contains(expected, Signature.Split(' '));
            var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(sent, At.AddMinutes(-5), At.AddSeconds(5));
        }
    }
}
