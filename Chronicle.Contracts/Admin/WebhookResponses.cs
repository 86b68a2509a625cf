namespace Chronicle.Contracts.Admin;

// The answers of the webhook routes under /admin (docs/WEBHOOKS.md). BCL types only, as the rest of Admin/
// (Chronicle.Client compiles this file too).

/// <summary>201 to POST /admin/webhooks: the endpoint, with its secret in full, this once.</summary>
public sealed record WebhookCreatedResponse(string Id, string Url, IReadOnlyList<string> EventTypes, string Secret, DateTimeOffset CreatedAt);

/// <summary>GET /admin/webhooks: every endpoint, oldest first.</summary>
public sealed record WebhooksResponse(IReadOnlyList<WebhookResponse> Webhooks);

/// <param name="Id">The endpoint's id.</param>
/// <param name="Url">Where its events are POSTed.</param>
/// <param name="EventTypes">The account event types it receives.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="SecretHint">The secret's prefix and first four characters: which secret it is, never the secret.</param>
/// <param name="DeadLetters">Events the endpoint never took: their last attempt failed.</param>
/// <param name="Paused">Whether an operator paused its deliveries (POST /admin/webhooks/{id}/pause): its events wait on the stream.</param>
public sealed record WebhookResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string SecretHint, DateTimeOffset CreatedAt, long DeadLetters, bool Paused);

/// <summary>GET /admin/webhooks/{id}/deliveries: the endpoint's latest attempts, newest first.</summary>
public sealed record WebhookDeliveriesResponse(string Id, IReadOnlyList<WebhookDeliveryResponse> Deliveries);

/// <param name="WebhookId">The webhook-id header sent: the same for every attempt at one event.</param>
/// <param name="EventType">The event's type.</param>
/// <param name="AccountId">The account whose event it is.</param>
/// <param name="Version">The event's version in the account.</param>
/// <param name="Attempt">1 for the first attempt at the event.</param>
/// <param name="Outcome"><c>delivered</c>, <c>failed</c> (another attempt follows) or <c>dead_lettered</c> (the last attempt failed).</param>
/// <param name="StatusCode">The receiver's status; absent when there was no answer.</param>
/// <param name="DurationMs">How long the receiver took to answer, or to fail.</param>
/// <param name="Error">Why the attempt failed; absent when delivered.</param>
/// <param name="AttemptedAt">When the attempt was made.</param>
public sealed record WebhookDeliveryResponse(
    string WebhookId,
    string EventType,
    string AccountId,
    long Version,
    int Attempt,
    string Outcome,
    int? StatusCode,
    int DurationMs,
    string? Error,
    DateTimeOffset AttemptedAt);

/// <summary>POST /admin/webhooks/{id}/dead-letters/replay: the dead letters sent again in this call, and those left.</summary>
/// <param name="Id">The endpoint's id.</param>
/// <param name="Delivered">Sent and taken (a 2xx): removed from the dead letters.</param>
/// <param name="Failed">0, or 1: the letter sent that failed again (still a dead letter, its attempts and last error updated), where the replay stopped.</param>
/// <param name="Remaining">The endpoint's dead letters after this call.</param>
public sealed record WebhookReplayResponse(string Id, int Delivered, int Failed, long Remaining);
