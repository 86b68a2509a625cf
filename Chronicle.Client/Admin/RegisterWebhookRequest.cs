namespace Chronicle.Client;

/// <summary>The body of <c>POST /admin/webhooks</c> (<see cref="ChronicleClient.RegisterWebhookAsync"/>).</summary>
/// <param name="Url">Where the events are POSTed.</param>
/// <param name="EventTypes">Account event types, each once, e.g. <c>MoneyDeposited</c>.</param>
public sealed record RegisterWebhookRequest(string Url, IReadOnlyList<string> EventTypes)
{
    /// <summary>A Standard Webhooks secret (<c>whsec_</c> and base64); the node makes one when null.</summary>
    public string? Secret { get; init; }
}
