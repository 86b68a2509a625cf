using System.Collections.Frozen;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Gateway.Http;

/// <summary>
/// One kind of problem answer: its status, its machine-readable <c>code</c> and its title. The answers are built from
/// these (<see cref="Problems"/>) and the OpenAPI document lists them per route from the same values.
/// </summary>
public sealed record ProblemType(int Status, string Code, string Title)
{
    /// <summary>The problem's <c>type</c> URI: one page per code.</summary>
    public string TypeUri => "https://chronicle.dev/problems/" + Code.Replace('_', '-');
}

/// <summary>Every problem the API answers with, by what it means.</summary>
public static class ProblemTypes
{
    public static readonly ProblemType ValidationFailed = new(400, "validation_failed", "Validation failed");
    public static readonly ProblemType BadRequest = new(400, "bad_request", "Bad request");
    public static readonly ProblemType Unauthorized = new(401, "unauthorized", "Unauthorized");
    public static readonly ProblemType Forbidden = new(403, "forbidden", "Forbidden");
    public static readonly ProblemType NotFound = new(404, "not_found", "Not found");
    public static readonly ProblemType MethodNotAllowed = new(405, "method_not_allowed", "Method not allowed");
    public static readonly ProblemType RequestTimeout = new(408, "request_timeout", "Request timeout");
    public static readonly ProblemType RequestTooLarge = new(413, "request_too_large", "Request too large");
    public static readonly ProblemType UriTooLong = new(414, "uri_too_long", "URI too long");
    public static readonly ProblemType UnsupportedMediaType = new(415, "unsupported_media_type", "Unsupported media type");
    public static readonly ProblemType RateLimited = new(429, "rate_limited", "Too many requests");
    public static readonly ProblemType HeadersTooLarge = new(431, "headers_too_large", "Request headers too large");
    public static readonly ProblemType InternalError = new(500, "internal_error", "Request failed");
    public static readonly ProblemType Unavailable = new(503, "unavailable", "Service unavailable");

    // The operators' routes' own.
    public static readonly ProblemType RebuildInProgress = new(409, "rebuild_in_progress", "Rebuild in progress");
    public static readonly ProblemType WebhookNotFound = new(404, "webhook_not_found", "Webhook not found");
    public static readonly ProblemType MemberNotFound = new(404, "member_not_found", "Member not found");
    public static readonly ProblemType MemberUnreachable = new(409, "member_unreachable", "Member unreachable");
    public static readonly ProblemType ShardTypeNotFound = new(404, "shard_type_not_found", "Shard type not found");

    /// <summary>Each refusal's, made once: a refused command is answered with one of these.</summary>
    private static readonly FrozenDictionary<RejectionCode, ProblemType> Rejections =
        Enum.GetValues<RejectionCode>().ToFrozenDictionary(code => code, OfRejection);

    /// <summary>A command the ledger refused: the code is the enum's own name in snake_case, as a failed transfer records it too.</summary>
    public static ProblemType Of(RejectionCode code) => Rejections[code];

    private static ProblemType OfRejection(RejectionCode code)
    {
        var (status, title) = code switch
        {
            RejectionCode.ValidationFailed => (400, ValidationFailed.Title),
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
            RejectionCode.Unavailable => (503, Unavailable.Title),
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
        };
        return new ProblemType(status, RejectionCodes.ToSnakeCase(code), title);
    }

    /// <summary>
    /// A transfer whose target refused the credit (the money is back on its source): always a 422, its code the
    /// target's reason (account_frozen, currency_mismatch, ...), or <c>failed</c> when none was recorded.
    /// </summary>
    public static ProblemType TransferFailed(string? reason) => new(422, reason ?? TransferStatuses.Failed, TransferFailedTitle);

    /// <summary>Whether <paramref name="type"/> is one of <see cref="TransferFailed"/>'s.</summary>
    public static bool IsTransferFailed(ProblemType type) => type.Title == TransferFailedTitle;

    private const string TransferFailedTitle = "Transfer failed";
}
