using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronicle.Gateway.Http;
using Chronicle.Projector.Webhooks;

namespace Chronicle.Gateway.Admin.Webhooks;

/// <summary>
/// The body of POST /admin/webhooks, read strictly: <c>url</c> (checked further, for its address, by
/// <see cref="WebhookUrl"/>), <c>event_types</c> (known names, each once) and an optional <c>secret</c> in the
/// Standard Webhooks form.
/// </summary>
internal sealed record WebhookRegistration(
    [property: StringLength(WebhookUrl.MaxLength, MinimumLength = 1), Description("Where the events are POSTed; a private or loopback address only where the node allows it.")]
    string Url,
    [property: MinLength(1), Description("Account event types, each once, e.g. MoneyDeposited.")]
    IReadOnlyList<string> EventTypes,
    [property: StringLength(WebhookSecret.MaxLength, MinimumLength = 1), Description("A Standard Webhooks secret (whsec_ and base64); generated when absent.")]
    string? Secret = null)
{
    /// <summary>Longer than any event type's name; a longer string is not one.</summary>
    private const int MaxEventTypeLength = 64;

    public static WebhookRegistration Read(JsonFields fields)
    {
        var url = fields.RequiredString("url", WebhookUrl.MaxLength);
        var eventTypes = fields.RequiredStrings("event_types", WebhookEventTypes.All.Count, MaxEventTypeLength);
        if (eventTypes.FirstOrDefault(type => !WebhookEventTypes.All.Contains(type)) is { } unknown)
            fields.Refuse("event_types", $"'{unknown}' is not an event type (known: {string.Join(", ", WebhookEventTypes.All.Order(StringComparer.Ordinal))})");
        else if (eventTypes.GroupBy(type => type).FirstOrDefault(group => group.Count() > 1) is { } repeated)
            fields.Refuse("event_types", $"names '{repeated.Key}' more than once");

        var secret = fields.OptionalString("secret", WebhookSecret.MaxLength);
        if (secret is not null && WebhookSecret.KeyOf(secret, out var problem) is null) fields.Refuse("secret", problem!);
        return new WebhookRegistration(url, eventTypes, secret);
    }
}
