using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Chronicle.Domain;

namespace Chronicle.Gateway.Security;

/// <summary>
/// Whose Idempotency-Key a key is. "The same key sent with two different API keys names two different
/// requests": two clients choosing the same key must neither share an answer nor a transfer. So the
/// gateway prefixes every key with its caller's scope before it reaches an account or a saga (a header's and a
/// batch command's <c>idempotency_key</c> alike: one key space, the key names the command, not how it came), and what
/// an account remembers, the transfer id derived from a key and the key's transfer binding are the
/// caller's own. Nothing behind the gateway knows about callers: to them a scoped key is just a key.
///
/// The scope is a short digest of the API key's stored SHA-256, not its id: an id is a label an
/// operator may reuse for a new key, while the hash is the key. It is the same on every node (they
/// read one keys file) and for the key's whole life, and it is neither the key nor its hash, so the
/// journal, where keys are stored, holds nothing that helps to call.
/// </summary>
internal static class IdempotencyScope
{
    /// <summary>The claim the caller's scope travels in, set once per key when the keys file is read.</summary>
    public const string ClaimType = "chronicle/idempotency-scope";

    /// <summary>16 hex digits (64 bits): a collision between two keys of one deployment is out of reach.</summary>
    public static string Of(byte[] apiKeySha256)
    {
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes("chronicle idempotency scope\n"), .. apiKeySha256]);
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }

    /// <summary><paramref name="key"/> as <paramref name="caller"/>'s: "scope:key".</summary>
    public static string Apply(ClaimsPrincipal caller, string key)
    {
        var scope = caller.FindFirstValue(ClaimType);
        // Every write route requires an API key, and every key's principal carries its scope.
        Invariant.Require(scope is not null, "an Idempotency-Key reached a write without an authenticated caller");
        return $"{scope}:{key}";
    }
}
