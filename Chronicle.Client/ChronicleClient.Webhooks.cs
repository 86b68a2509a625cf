using System.Text.Json;
using Chronicle.Client.Http;
using Chronicle.Contracts.Admin;

namespace Chronicle.Client;

// The operator's webhook routes (docs/WEBHOOKS.md; an operator key). A 404 webhook_not_found names an unknown id.
// Registering, deleting and replaying are sent once (a second registration is a second endpoint; a second delete a
// 404; a second replay sends again); pausing and resuming are retried: the node answers 204 when it was so already.
public sealed partial class ChronicleClient
{
    private const string Webhooks = "admin/webhooks";

    /// <summary>
    /// <c>POST /admin/webhooks</c>: an endpoint for the given account event types, from the feed's end on; its secret is in
    /// this answer only. Private and loopback URLs are a 400 unless the node allows them. Sent once.
    /// </summary>
    /// <param name="request">The endpoint.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<WebhookCreatedResponse> RegisterWebhookAsync(RegisterWebhookRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, Webhooks, retryable: false, ClientJson.Default.WebhookCreatedResponse, cancellationToken,
            JsonSerializer.SerializeToUtf8Bytes(request, ClientJson.Default.RegisterWebhookRequest));

    /// <summary><c>GET /admin/webhooks</c>: every endpoint, oldest first, its secret only hinted at.</summary>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<WebhooksResponse> ListWebhooksAsync(CancellationToken cancellationToken = default) =>
        GetAsync(Webhooks, ClientJson.Default.WebhooksResponse, cancellationToken);

    /// <summary><c>DELETE /admin/webhooks/{id}</c>: the endpoint and its delivery log removed. Sent once.</summary>
    /// <param name="id">The endpoint's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task DeleteWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Delete, $"{Webhooks}/{Segment(id)}", retryable: false, cancellationToken);

    /// <summary><c>GET /admin/webhooks/{id}/deliveries</c>: the endpoint's latest delivery attempts, newest first.</summary>
    /// <param name="id">The endpoint's id.</param>
    /// <param name="limit">How many; the node's default (100) when null.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task<WebhookDeliveriesResponse> GetWebhookDeliveriesAsync(string id, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync(Query($"{Webhooks}/{Segment(id)}/deliveries", ("limit", Number(limit))), ClientJson.Default.WebhookDeliveriesResponse, cancellationToken);

    /// <summary><c>POST /admin/webhooks/{id}/pause</c>: its deliveries stop; its events wait on the stream.</summary>
    /// <param name="id">The endpoint's id.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task PauseWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, $"{Webhooks}/{Segment(id)}/pause", retryable: true, cancellationToken);

    /// <summary><c>POST /admin/webhooks/{id}/resume</c>: its deliveries go on from where they stopped.</summary>
    /// <param name="id">The endpoint's id.</param>
    /// <param name="cancellationToken">Stops the call, its retries included.</param>
    public Task ResumeWebhookAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, $"{Webhooks}/{Segment(id)}/resume", retryable: true, cancellationToken);

    /// <summary>
    /// <c>POST /admin/webhooks/{id}/dead-letters/replay</c>: the endpoint's oldest dead letters sent again, once each, with their
    /// webhook-ids; those it takes leave the dead letters. Sent once.
    /// </summary>
    /// <param name="id">The endpoint's id.</param>
    /// <param name="limit">How many at most, 1-1,000; the node's default (100) when null.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public Task<WebhookReplayResponse> ReplayWebhookDeadLettersAsync(string id, int? limit = null, CancellationToken cancellationToken = default) =>
        CallAsync(HttpMethod.Post, Query($"{Webhooks}/{Segment(id)}/dead-letters/replay", ("limit", Number(limit))), retryable: false,
            ClientJson.Default.WebhookReplayResponse, cancellationToken);
}
