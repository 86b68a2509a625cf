using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronicle.Gateway.Http;
using Chronicle.Projector.Webhooks;

namespace Chronicle.Gateway.Admin.Webhooks;

/// <summary>
/// The body of POST /admin/webhooks, bound strictly: <c>url</c> (checked further, for its address, by
/// <see cref="WebhookUrl"/>), <c>event_types</c> (known names, each once) and an optional <c>secret</c> in the
/// Standard Webhooks form.
/// </summary>
internal sealed record WebhookRegistration(
    [property: StringLength(WebhookUrl.MaxLength, MinimumLength = 1), Description("Where the events are POSTed; a private or loopback address only where the node allows it.")]
    string Url,
    [property: MinLength(1), Description("Account event types, each once, e.g. MoneyDeposited.")]
    IReadOnlyList<string> EventTypes,
    [property: StringLength(WebhookSecret.MaxLength, MinimumLength = 1), Description("A Standard Webhooks secret (whsec_ and base64); generated when absent.")]
    string? Secret = null) : IRequestRules
{
    /// <summary>Longer than any event type's name; a longer string is not one.</summary>
    private const int MaxEventTypeLength = 64;

    public IEnumerable<(string Field, string Message)> Refusals()
    {
        var eventTypes = RequestFields.NameOf(nameof(EventTypes));
        if (EventTypes.Count > WebhookEventTypes.All.Count) yield return (eventTypes, $"must hold 1-{WebhookEventTypes.All.Count} strings");
        else if (EventTypes.Any(type => type is null || RequestFields.TextProblem(type, MaxEventTypeLength) is not null))
            yield return (eventTypes, $"must hold strings of 1-{MaxEventTypeLength} characters without control characters");
        else if (EventTypes.FirstOrDefault(type => !WebhookEventTypes.All.Contains(type)) is { } unknown)
            yield return (eventTypes, $"'{unknown}' is not an event type (known: {string.Join(", ", WebhookEventTypes.All.Order(StringComparer.Ordinal))})");
        else if (EventTypes.GroupBy(type => type).FirstOrDefault(group => group.Count() > 1) is { } repeated)
            yield return (eventTypes, $"names '{repeated.Key}' more than once");

        if (Secret is not null && WebhookSecret.KeyOf(Secret, out var problem) is null) yield return (RequestFields.NameOf(nameof(Secret)), problem!);
    }
}
