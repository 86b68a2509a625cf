using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// How a keyed event is found by its idempotency key in the journal: the event is written with one tag,
/// the key's digest, which the plugin stores in the journal's <c>tags</c> column (CSV mode: ";tag;") in
/// the same row, in the same transaction, as the event itself. A unique index on that column makes it
/// the durable record of every key ever used (the last guard, too: a second event under one key cannot
/// commit), and the lookup an account makes when its bounded memory cannot tell.
///
/// Public because a transfer id derived from a client's key is that key's tag (the gateway derives it):
/// the transfer's opening event is then found by its own id.
/// </summary>
public static partial class IdempotencyTag
{
    /// <summary>"k" and 32 hex digits (128 bits of SHA-256): fixed size whatever the key, and not the key itself.</summary>
    public static string Of(string idempotencyKey) =>
        "k" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16));

    /// <summary>Whether <paramref name="value"/> has a tag's shape ("k" and 32 lowercase hex digits).</summary>
    public static bool HasTagShape(string value) => TagShape().IsMatch(value);

    [GeneratedRegex("^k[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagShape();

    /// <summary>The <c>tags</c> column of a row written with the single tag <paramref name="tag"/>, as the plugin writes it.</summary>
    public static string Column(string tag) => $";{tag};";
}
