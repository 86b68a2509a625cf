using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Chronicle.Gateway.Security;

/// <summary>
/// One accepted API key, as the node knows it: a name that is safe to log (<see cref="Id"/>), its role,
/// and the SHA-256 of the key. The key itself is never stored: a high-entropy random key needs no
/// salt or slow hash, and its hash lets nobody call.
/// </summary>
public sealed record ApiKey(string Id, string Role, byte[] Sha256)
{
    /// <summary>Longer than any key a person or `./chronicle up` makes; refusing early bounds the hashing.</summary>
    public const int MaxLength = 256;

    /// <summary>Who calls with this key: built once, when the keys file is read, not on every request.</summary>
    public ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, Id), new Claim(ClaimTypes.Role, Role), new Claim(IdempotencyScope.ClaimType, IdempotencyScope.Of(Sha256))],
        ApiKeyAuthenticationHandler.SchemeName));

    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
