using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>
/// Sends a stream of hostile requests through a node's real gateway from several workers and judges
/// every answer: never a 5xx, never a success to a request that must be refused; a success is JSON,
/// anything else well-formed problem+json. Between rounds it hands over to a state check.
/// </summary>
public sealed class FuzzRun(HttpClient http, HostileRequests requests, int workers)
{
    private const int FailuresKept = 20;

    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _kinds = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _failureCount;

    public IReadOnlyCollection<string> Failures => _failures;

    public int FailureCount => _failureCount;

    /// <summary>Sends <paramref name="count"/> requests in rounds of <paramref name="round"/>, awaiting <paramref name="afterRound"/> after each.</summary>
    public async Task<TimeSpan> RunAsync(int count, int round, Func<Task> afterRound)
    {
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < count; sent += round)
        {
            var remaining = Math.Min(round, count - sent);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync(() => Interlocked.Decrement(ref remaining) >= 0)));
            await afterRound();
        }
        return clock.Elapsed;
    }

    private async Task WorkAsync(Func<bool> another)
    {
        while (another())
        {
            HostileRequest request;
            lock (requests) request = requests.Next();
            foreach (var kind in request.Kind.Split('+')) _kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
            try
            {
                using var message = request.ToMessage();
                using var response = await http.SendAsync(message);
                _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (await JudgeAsync(request, response) is { } failure) Fail($"{failure}: {request}");
            }
            catch (HttpRequestException e)
            {
                Fail($"no answer ({e.Message} {e.InnerException?.GetType().Name}: {e.InnerException?.Message}): {request}");
            }
        }
    }

    /// <summary>What is wrong with the answer, or null when it is as it must be.</summary>
    private static async Task<string?> JudgeAsync(HostileRequest request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500) return $"{status} {Encoding.UTF8.GetString(body)}";
        if (request.RefusedByKestrel) return status == 400 && body.Length == 0 ? null : $"not Kestrel's bare 400 but {status}";
        if (status is >= 200 and < 300)
        {
            if (request.MustBeRefused) return $"accepted with {status} {Encoding.UTF8.GetString(body)}";
            return mediaType == "application/json" && IsJson(body) ? null : $"{status} answered {mediaType}: not JSON";
        }
        if (status is < 400) return $"answered {status}";
        if (mediaType != "application/problem+json") return $"{status} answered {mediaType ?? "no content type"}";
        // A HEAD answer has the headers of the problem but no body.
        if (request.Method == "HEAD") return null;
        return ProblemDefect(body, status) is { } defect ? $"{status}: {defect}" : null;
    }

    private static string? ProblemDefect(byte[] body, int status)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            foreach (var field in ProblemJson.RequiredFields)
            {
                if (!root.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0)
                    return $"problem without {field}: {Encoding.UTF8.GetString(body)}";
            }
            return root.TryGetProperty("status", out var inner) && inner.TryGetInt32(out var number) && number == status
                ? null
                : $"problem's status is not {status}: {Encoding.UTF8.GetString(body)}";
        }
        catch (JsonException)
        {
            return $"problem+json that is not JSON: {Encoding.UTF8.GetString(body)}";
        }
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void Fail(string failure)
    {
        if (Interlocked.Increment(ref _failureCount) <= FailuresKept) _failures.Enqueue(failure);
    }

    /// <summary>The figures of the run: answers by status, requests by defect.</summary>
    public string Describe(int count, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"""
        {count:N0} requests in {elapsed.TotalSeconds:0.0} s ({count / elapsed.TotalSeconds:N0}/s) from {workers} workers, {_failureCount} failures
        answers: {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value:N0}"))}
        kinds: {string.Join(", ", _kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} x{k.Value:N0}"))}
        """);
}
