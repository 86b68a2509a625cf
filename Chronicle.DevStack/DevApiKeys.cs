using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Chronicle.DevStack;

/// <summary>
/// The dev stack's API keys, one per role. The keys live in .chronicle/env (mode 600) for curl, the CLI
/// and the bench; the nodes are given only their SHA-256, in .chronicle/api-keys.json (docs/SECURITY.md).
/// </summary>
public static class DevApiKeys
{
    /// <summary>The environment variable holding each role's key.</summary>
    public static readonly IReadOnlyList<(string Variable, string Role)> Roles =
        [("CHRONICLE_API_KEY", "client"), ("CHRONICLE_AUDITOR_KEY", "auditor"), ("CHRONICLE_OPERATOR_KEY", "operator")];

    /// <summary>32 random bytes, base64url, with a prefix that says what it is (and lets secret scanners find it).</summary>
    public static string NewKey() =>
        "chr_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The keys recorded in <paramref name="recorded"/>, and new ones for the roles it has none for (those listed in <paramref name="generated"/>).</summary>
    public static IReadOnlyDictionary<string, string> Ensure(IReadOnlyDictionary<string, string> recorded, out IReadOnlyList<string> generated)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var made = new List<string>();
        foreach (var (variable, _) in Roles)
        {
            if (recorded.GetValueOrDefault(variable) is { Length: > 0 } key) keys[variable] = key;
            else
            {
                keys[variable] = NewKey();
                made.Add(variable);
            }
        }
        generated = made;
        return keys;
    }

    /// <summary>Writes the hashes in one rename: a node rereading the file never reads half of it.</summary>
    public static void WriteKeysFile(string path, IReadOnlyDictionary<string, string> keys)
    {
        var json = JsonSerializer.Serialize(new
        {
            keys = Roles.Select(r => new
            {
                id = "dev-" + r.Role, role = r.Role, sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keys[r.Variable]))),
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path + ".tmp", json);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
