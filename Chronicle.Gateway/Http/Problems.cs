using Chronicle.Contracts.Http;
using Chronicle.Domain.Accounts;
using Microsoft.AspNetCore.Diagnostics;

namespace Chronicle.Gateway.Http;

/// <summary>Builds and writes problem+json answers, each of one of the <see cref="ProblemTypes"/>.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    private const int RetryAfterSeconds = 1;

    public static IResult Validation(string detail, IReadOnlyDictionary<string, string>? errors = null) => Result(ValidationFailed(detail, errors));

    public static Problem ValidationFailed(string detail, IReadOnlyDictionary<string, string>? errors = null) =>
        Of(ProblemTypes.ValidationFailed, detail) with { Errors = errors };

    public static IResult Unavailable(string detail) => Result(Of(ProblemTypes.Unavailable, detail));

    public static IResult UnsupportedMediaType() => Result(Of(ProblemTypes.UnsupportedMediaType, "send the body as application/json"));

    // What the gateway's guards answer before any route runs (Security/).

    public static Problem Unauthorized(string detail) => Of(ProblemTypes.Unauthorized, detail);

    public static Problem Forbidden(string detail) => Of(ProblemTypes.Forbidden, detail);

    public static Problem RateLimited(string detail) => Of(ProblemTypes.RateLimited, detail);

    public static Problem UriTooLong(int limitBytes) => Of(ProblemTypes.UriTooLong, $"the request target exceeds {limitBytes} bytes");

    public static Problem BodyTooLarge(long limitBytes) => Of(ProblemTypes.RequestTooLarge, $"the request body exceeds {limitBytes} bytes");

    public static Problem HeadersTooLarge(string detail) => Of(ProblemTypes.HeadersTooLarge, detail);

    public static Problem TimedOut(TimeSpan timeout) =>
        Of(ProblemTypes.Unavailable,
            $"no answer within the request timeout of {timeout.TotalSeconds:0}s; a write may or may not have happened, retry with the same Idempotency-Key");

    public static IResult FromRejection(CommandRejected rejection) => Result(OfRejection(rejection));

    public static Problem OfRejection(CommandRejected rejection) =>
        Of(ProblemTypes.Of(rejection.Code), rejection.Detail) with { CurrentVersion = rejection.CurrentVersion };

    /// <summary>For the exception no route handled: Kestrel's refusals of malformed requests keep their 4xx.</summary>
    public static Problem ForUnhandled(HttpContext http) =>
        ForStatus(http.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException badRequest ? badRequest.StatusCode : 500);

    /// <summary>For answers the framework produced without a body (404 route, 405 method, ...).</summary>
    public static Problem ForStatus(int status) => status switch
    {
        400 => Of(ProblemTypes.BadRequest, "the request is not well-formed HTTP"),
        404 => Of(ProblemTypes.NotFound, "no such route"),
        405 => Of(ProblemTypes.MethodNotAllowed, "this route does not accept that method"),
        408 => Of(ProblemTypes.RequestTimeout, "the request was not received in time"),
        413 => Of(ProblemTypes.RequestTooLarge, "the request is larger than allowed"),
        _ => Of(new ProblemType(status, status >= 500 ? ProblemTypes.InternalError.Code : ProblemTypes.BadRequest.Code, ProblemTypes.InternalError.Title),
            $"HTTP {status}"),
    };

    public static Problem Of(ProblemType type, string detail) => new(type.TypeUri, type.Title, type.Status, detail, type.Code, detail);

    public static IResult Result(Problem problem) => new ProblemResult(problem);

    private sealed class ProblemResult(Problem problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, problem);
    }

    /// <summary>The Retry-After a problem of <paramref name="status"/> carries: a 503's, none otherwise.</summary>
    public static string? RetryAfterFor(int status) => status == 503 ? RetryAfterSeconds.ToString() : null;

    public static async Task WriteAsync(HttpResponse response, Problem problem)
    {
        if (RetryAfterFor(problem.Status) is { } retryAfter) response.Headers.RetryAfter = retryAfter;
        response.StatusCode = problem.Status;
        response.ContentType = ContentType;
        await response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(problem, ApiJsonContext.Api.Problem));
    }
}
