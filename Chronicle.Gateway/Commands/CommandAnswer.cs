using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronicle.Contracts.Http;
using Chronicle.Domain.Accounts;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// What a command answers, before it is HTTP: its status, the headers that go with it and its JSON body. A single
/// route sends it as its response (<see cref="ToResult"/>), the batch lists it as one of its results: one answer
/// whichever way the command came. The body is serialized once, here, with the same contract as every response.
/// </summary>
internal sealed record CommandAnswer(int Status, string Json, bool IsProblem)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>"application/json; charset=utf-8", as the framework's JSON results write it.</summary>
    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The answer is an earlier one, replayed for the same Idempotency-Key (header Idempotent-Replayed: true).</summary>
    public bool Replayed { get; init; }

    /// <summary>Where the client follows the command up (a transfer still running: GET /transfers/{id}).</summary>
    public string? Location { get; init; }

    public static CommandAnswer Of<T>(T body, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        new(status, JsonSerializer.Serialize(body, type), IsProblem: false);

    public static CommandAnswer Of(Problem problem) =>
        new(problem.Status, JsonSerializer.Serialize(problem, ApiJsonContext.Api.Problem), IsProblem: true);

    public static CommandAnswer Of(CommandRejected rejected) => Of(Problems.OfRejection(rejected));

    /// <summary>The headers this answer carries beside its body (the content type aside), in a fixed order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        if (Replayed) yield return new(ReplayedHeader, "true");
        if (Location is not null) yield return new("Location", Location);
        if (IsProblem && Problems.RetryAfterFor(Status) is { } retryAfter) yield return new("Retry-After", retryAfter);
    }

    public IResult ToResult() => new Response(this);

    private sealed class Response(CommandAnswer answer) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = answer.Status;
            response.ContentType = answer.IsProblem ? Problems.ContentType : JsonContentType;
            foreach (var (name, value) in answer.Headers()) response.Headers[name] = value;
            return response.WriteAsync(answer.Json);
        }
    }
}
