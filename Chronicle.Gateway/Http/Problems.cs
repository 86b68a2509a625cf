using Chronicle.Contracts.Http;
using Chronicle.Domain.Accounts;
using Microsoft.AspNetCore.Diagnostics;

namespace Chronicle.Gateway.Http;

/// <summary>Builds and writes problem+json answers; the one place that knows each code's status.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>Seconds a client should wait before retrying after a 503.</summary>
    private const int RetryAfterSeconds = 1;

    public static IResult Validation(string detail, IReadOnlyDictionary<string, string>? errors = null) => Result(ValidationFailed(detail, errors));

    public static Problem ValidationFailed(string detail, IReadOnlyDictionary<string, string>? errors = null) =>
        new(TypeUri("validation_failed"), "Validation failed", 400, detail, "validation_failed", detail) { Errors = errors };

    public static IResult Unavailable(string detail) => Result(Of(503, "unavailable", "Service unavailable", detail));

    public static IResult UnsupportedMediaType() =>
        Result(Of(415, "unsupported_media_type", "Unsupported media type", "send the body as application/json"));

    // What the gateway's guards answer before any route runs (Security/).

    public static Problem Unauthorized(string detail) => Of(401, "unauthorized", "Unauthorized", detail);

    public static Problem Forbidden(string detail) => Of(403, "forbidden", "Forbidden", detail);

    public static Problem RateLimited(string detail) => Of(429, "rate_limited", "Too many requests", detail);

    public static Problem UriTooLong(int limitBytes) =>
        Of(414, "uri_too_long", "URI too long", $"the request target exceeds {limitBytes} bytes");

    public static Problem BodyTooLarge(long limitBytes) =>
        Of(413, "request_too_large", "Request too large", $"the request body exceeds {limitBytes} bytes");

    public static Problem HeadersTooLarge(string detail) => Of(431, "headers_too_large", "Request headers too large", detail);

    public static Problem TimedOut(TimeSpan timeout) =>
        Of(503, "unavailable", "Service unavailable",
            $"no answer within the request timeout of {timeout.TotalSeconds:0}s; a write may or may not have happened, retry with the same Idempotency-Key");

    public static IResult FromRejection(CommandRejected rejection) => Result(OfRejection(rejection));

    public static Problem OfRejection(CommandRejected rejection)
    {
        var (status, title) = rejection.Code switch
        {
            RejectionCode.ValidationFailed => (400, "Validation failed"),
            RejectionCode.AccountNotFound => (404, "Account not found"),
            RejectionCode.AccountExists => (409, "Account already exists"),
            RejectionCode.VersionConflict => (409, "Version conflict"),
            RejectionCode.InsufficientFunds => (422, "Insufficient funds"),
            RejectionCode.AccountFrozen => (422, "Account frozen"),
            RejectionCode.AccountClosed => (422, "Account closed"),
            RejectionCode.IdempotencyKeyReused => (422, "Idempotency key reused"),
            RejectionCode.AccountNotFrozen => (422, "Account not frozen"),
            RejectionCode.BalanceNotZero => (422, "Balance not zero"),
            RejectionCode.CurrencyMismatch => (422, "Currency mismatch"),
            RejectionCode.AccountHasPendingTransfers => (422, "Account has pending transfers"),
            RejectionCode.SameAccount => (422, "Same account"),
            RejectionCode.TransferNotFound => (404, "Transfer not found"),
            RejectionCode.TransferNotHeld => (422, "Transfer not held"),
            RejectionCode.AmountExceedsHold => (422, "Amount exceeds hold"),
            RejectionCode.TooManyOpenTransfers => (422, "Too many open transfers"),
            RejectionCode.OverdraftLimitExceeded => (422, "Overdraft limit exceeded"),
            RejectionCode.Unavailable => (503, "Service unavailable"),
            _ => throw new ArgumentOutOfRangeException(nameof(rejection), rejection.Code, null),
        };
        // The machine-readable code is the enum's own name in snake_case, as a failed transfer records it too.
        var code = RejectionCodes.ToSnakeCase(rejection.Code);
        return Of(status, code, title, rejection.Detail) with { CurrentVersion = rejection.CurrentVersion };
    }

    /// <summary>For the exception no route handled: Kestrel's refusals of malformed requests keep their 4xx.</summary>
    public static Problem ForUnhandled(HttpContext http) =>
        ForStatus(http.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException badRequest ? badRequest.StatusCode : 500);

    /// <summary>For answers the framework produced without a body (404 route, 405 method, ...).</summary>
    public static Problem ForStatus(int status) => status switch
    {
        400 => Of(400, "bad_request", "Bad request", "the request is not well-formed HTTP"),
        404 => Of(404, "not_found", "Not found", "no such route"),
        405 => Of(405, "method_not_allowed", "Method not allowed", "this route does not accept that method"),
        408 => Of(408, "request_timeout", "Request timeout", "the request was not received in time"),
        413 => Of(413, "request_too_large", "Request too large", "the request is larger than allowed"),
        _ => Of(status, status >= 500 ? "internal_error" : "bad_request", "Request failed", $"HTTP {status}"),
    };

    public static Problem Of(int status, string code, string title, string detail) =>
        new(TypeUri(code), title, status, detail, code, detail);

    public static IResult Result(Problem problem) => new ProblemResult(problem);

    private static string TypeUri(string code) => "https://chronicle.dev/problems/" + code.Replace('_', '-');

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
