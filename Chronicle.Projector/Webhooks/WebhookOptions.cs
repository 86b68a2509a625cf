using System.ComponentModel.DataAnnotations;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// How webhooks are registered and delivered (section Chronicle:Webhooks, docs/WEBHOOKS.md). The gateway
/// checks registrations against them; the projector's node delivers with them.
/// </summary>
public sealed record WebhookOptions : IValidatableObject
{
    /// <summary>Endpoint "wh_…" reads the feed through the durable consumer "&lt;prefix&gt;-wh_…".</summary>
    public const string ConsumerPrefix = "chronicle-webhook";

    /// <summary>
    /// Endpoints there may be at once. Each one is a lane of its own on the projector's node (a NATS
    /// connection, a durable consumer, up to <see cref="MaxInFlightPerEndpoint"/> requests), so this
    /// bounds what the node spends on them.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxEndpoints { get; init; } = 50;

    /// <summary>Attempts at one event before it goes to the endpoint's dead letters; the first attempt counts.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxRetryDelayMilliseconds"/>.</summary>
    [Range(1, 3_600_000)]
    public int FirstRetryDelayMilliseconds { get; init; } = 1_000;

    /// <summary>The longest wait between two attempts, also when a receiver's <c>Retry-After</c> asks for longer.</summary>
    [Range(1, 86_400_000)]
    public int MaxRetryDelayMilliseconds { get; init; } = 600_000;

    /// <summary>How long one attempt may take, connecting included, before it counts as failed.</summary>
    [Range(100, 600_000)]
    public int RequestTimeoutMilliseconds { get; init; } = 10_000;

    public TimeSpan RequestTimeout => TimeSpan.FromMilliseconds(RequestTimeoutMilliseconds);

    /// <summary>
    /// Requests one endpoint may have in flight (retries included): events of different accounts go out side
    /// by side, each account's in order. An endpoint that is down ties up this many, and no more.
    /// </summary>
    [Range(1, 256)]
    public int MaxInFlightPerEndpoint { get; init; } = 8;

    /// <summary>
    /// Whether URLs on loopback, private, link-local and other non-public addresses are accepted, at
    /// registration and at delivery. Off in production: a webhook must not be a way into the node's own
    /// network. The dev stack and the tests turn it on, their receivers being on loopback.
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> (2, 3, ...): what the receiver asked for in its
    /// <c>Retry-After</c> when it gave one, otherwise the first delay doubled each time; at most the longest either way.
    /// </summary>
    public TimeSpan RetryDelayBefore(int attempt, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } asked)
            return TimeSpan.FromMilliseconds(Math.Clamp(asked.TotalMilliseconds, 0, MaxRetryDelayMilliseconds));
        var doublings = Math.Clamp(attempt - 2, 0, 62);
        var milliseconds = Math.Min((double)FirstRetryDelayMilliseconds * Math.Pow(2, doublings), MaxRetryDelayMilliseconds);
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    public static string ConsumerName(string endpointId) => $"{ConsumerPrefix}-{endpointId}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelayMilliseconds < FirstRetryDelayMilliseconds)
            yield return new ValidationResult(
                $"{MaxRetryDelayMilliseconds} is below {nameof(FirstRetryDelayMilliseconds)} ({FirstRetryDelayMilliseconds}); allowed: at least that",
                [nameof(MaxRetryDelayMilliseconds)]);
    }
}
