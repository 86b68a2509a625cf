using System.Security.Cryptography;
using System.Text;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// The Standard Webhooks signature: "v1," and the base64 of the HMAC-SHA256, keyed with the secret's bytes,
/// of "&lt;webhook-id&gt;.&lt;webhook-timestamp&gt;.&lt;body&gt;". Computed again for every attempt, each having its own timestamp.
/// </summary>
internal static class WebhookSignature
{
    public const string Version = "v1";

    public static string Sign(byte[] key, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return $"{Version},{Convert.ToBase64String(HMACSHA256.HashData(key, content))}";
    }
}
