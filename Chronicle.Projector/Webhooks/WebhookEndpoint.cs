namespace Chronicle.Projector.Webhooks;

/// <summary>A registered endpoint as its lane delivers to it: where, what, and the key it signs with.</summary>
internal sealed record WebhookEndpoint(string Id, Uri Url, IReadOnlySet<string> EventTypes, string Secret)
{
    public byte[] Key { get; } = WebhookSecret.KeyOf(Secret);

    /// <summary>Endpoint ids are "wh_" and 24 hex digits: usable in a consumer's and an actor's name as they are.</summary>
    public static string NewId() => "wh_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    public static bool IsId(string text) =>
        text.Length == 27 && text.StartsWith("wh_", StringComparison.Ordinal) && text.AsSpan(3).IndexOfAnyExcept("0123456789abcdef") < 0;
}
