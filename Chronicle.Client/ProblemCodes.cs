namespace Chronicle.Client;

/// <summary>
/// The values of a problem's <c>code</c> on the routes this client calls (the OpenAPI document lists, for each route and
/// status, the ones it answers with). A failed transfer's code is its reason: one of the refusals below, or <see cref="Failed"/>.
/// </summary>
public static class ProblemCodes
{
    /// <summary>400: a field is missing, unknown or invalid (<see cref="ChronicleProblem.Errors"/> says which).</summary>
    public const string ValidationFailed = "validation_failed";

    /// <summary>400: the request is not well-formed HTTP.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>401: no API key, or one the node does not know.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>403: the API key's role may not call this route.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>404: no such route.</summary>
    public const string NotFound = "not_found";

    /// <summary>405: the route does not take this method.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>408: the request did not arrive in time.</summary>
    public const string RequestTimeout = "request_timeout";

    /// <summary>413: the body is larger than allowed.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>414: the URL is longer than allowed.</summary>
    public const string UriTooLong = "uri_too_long";

    /// <summary>415: the body is not application/json.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>429: the API key's rate is used up; see <see cref="ChronicleProblemException.RetryAfter"/>.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>431: the headers are larger than allowed.</summary>
    public const string HeadersTooLarge = "headers_too_large";

    /// <summary>500: the node failed.</summary>
    public const string InternalError = "internal_error";

    /// <summary>503: the node could not answer in time; a write may or may not have happened (retry under the same key).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>404: no such account.</summary>
    public const string AccountNotFound = "account_not_found";

    /// <summary>404: no such transfer.</summary>
    public const string TransferNotFound = "transfer_not_found";

    /// <summary>409: an account with this id exists.</summary>
    public const string AccountExists = "account_exists";

    /// <summary>409: the account is not at the expected version (<see cref="ChronicleProblem.CurrentVersion"/> says where it is).</summary>
    public const string VersionConflict = "version_conflict";

    /// <summary>422: the money is not there (overdraft limit included).</summary>
    public const string InsufficientFunds = "insufficient_funds";

    /// <summary>422: the account is frozen.</summary>
    public const string AccountFrozen = "account_frozen";

    /// <summary>422: the account is closed.</summary>
    public const string AccountClosed = "account_closed";

    /// <summary>422: the account is not frozen (an unfreeze).</summary>
    public const string AccountNotFrozen = "account_not_frozen";

    /// <summary>422: the Idempotency-Key was used before with another request.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>422: the accounts' currencies differ.</summary>
    public const string CurrencyMismatch = "currency_mismatch";

    /// <summary>422: an account must be empty to close.</summary>
    public const string BalanceNotZero = "balance_not_zero";

    /// <summary>422: the account has holds or transfers in flight.</summary>
    public const string AccountHasPendingTransfers = "account_has_pending_transfers";

    /// <summary>422: a transfer from an account to itself.</summary>
    public const string SameAccount = "same_account";

    /// <summary>422: a post or void of a transfer that is not held.</summary>
    public const string TransferNotHeld = "transfer_not_held";

    /// <summary>422: a post of more than the hold.</summary>
    public const string AmountExceedsHold = "amount_exceeds_hold";

    /// <summary>422: an overdraft limit below what the account already uses of it.</summary>
    public const string OverdraftLimitExceeded = "overdraft_limit_exceeded";

    /// <summary>422: the account has as many holds and transfers open as it may.</summary>
    public const string TooManyOpenTransfers = "too_many_open_transfers";

    /// <summary>422: a transfer that failed with no reason recorded.</summary>
    public const string Failed = "failed";

    /// <summary>409: a verify, replay or rebuild while a rebuild of the read model runs (admin routes).</summary>
    public const string RebuildInProgress = "rebuild_in_progress";

    /// <summary>404: no webhook endpoint with that id (admin routes).</summary>
    public const string WebhookNotFound = "webhook_not_found";

    /// <summary>404: no cluster member at that address (admin routes).</summary>
    public const string MemberNotFound = "member_not_found";

    /// <summary>409: a leave asked of a member that cannot be reached; down it instead (admin routes).</summary>
    public const string MemberUnreachable = "member_unreachable";

    /// <summary>404: no sharded entity type of that name (admin routes).</summary>
    public const string ShardTypeNotFound = "shard_type_not_found";
}
