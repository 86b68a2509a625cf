using System.Security.Cryptography;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// An endpoint's signing secret in the Standard Webhooks form: "whsec_" and the base64 of the key's bytes.
/// The HMAC key is the decoded bytes, not the text.
/// </summary>
internal static class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>The bytes of a generated key: 256 bits, as many as the HMAC-SHA256 it keys.</summary>
    private const int GeneratedKeyBytes = 32;

    /// <summary>The range Standard Webhooks allows for a key, in bytes.</summary>
    public const int MinKeyBytes = 24, MaxKeyBytes = 64;

    /// <summary>Characters of the base64 shown when endpoints are listed: enough to tell two secrets apart, far too few to guess one.</summary>
    private const int ShownCharacters = 4;

    /// <summary>The longest text a secret can be: the prefix and the base64 of the largest key.</summary>
    public const int MaxLength = 6 /* whsec_ */ + (MaxKeyBytes + 2) / 3 * 4;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <summary>The key's bytes, or null with <paramref name="problem"/> saying what is wrong with <paramref name="secret"/>.</summary>
    public static byte[]? KeyOf(string secret, out string? problem)
    {
        problem = null;
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problem = $"must start with '{Prefix}' followed by base64 (a Standard Webhooks secret)";
            return null;
        }
        var key = new byte[MaxKeyBytes + 3];
        if (!Convert.TryFromBase64String(secret[Prefix.Length..], key, out var length))
        {
            problem = $"must be '{Prefix}' followed by base64 of {MinKeyBytes}-{MaxKeyBytes} bytes";
            return null;
        }
        if (length is < MinKeyBytes or > MaxKeyBytes)
        {
            problem = $"holds {length} bytes; a key has {MinKeyBytes}-{MaxKeyBytes}";
            return null;
        }
        return key[..length];
    }

    /// <summary>The key of a secret stored after <see cref="KeyOf"/> accepted it.</summary>
    public static byte[] KeyOf(string secret) =>
        KeyOf(secret, out var problem) ?? throw new InvalidOperationException($"stored webhook secret is malformed: {problem}");

    /// <summary>What a list shows of <paramref name="secret"/>: its prefix and first few characters.</summary>
    public static string Shown(string secret) => secret[..Math.Min(secret.Length, Prefix.Length + ShownCharacters)] + "…";
}
