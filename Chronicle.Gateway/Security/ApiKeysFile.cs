using System.Text.Json;
using System.Text.RegularExpressions;

namespace Chronicle.Gateway.Security;

/// <summary>
/// The keys file the node reads (env Chronicle__ApiKeysFile), strictly:
/// <c>{"keys": [{"id": "client-2026-01", "role": "client", "sha256": "&lt;64 hex digits&gt;"}]}</c>.
/// Unknown fields, a missing one, an unknown role, a repeated id or hash: the whole file is refused,
/// so a typo never silently drops or widens a key.
/// </summary>
public static partial class ApiKeysFile
{
    [GeneratedRegex(@"^[A-Za-z0-9_.-]{1,64}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9A-Fa-f]{64}\z")]
    private static partial Regex Sha256Pattern();

    private static readonly string[] EntryFields = ["id", "role", "sha256"];

    /// <exception cref="FormatException">The file is not a valid keys file; the message says where.</exception>
    public static IReadOnlyList<ApiKey> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Select(p => p.Name).ToList() is not ["keys"]
                || root.GetProperty("keys").ValueKind != JsonValueKind.Array)
                throw new FormatException("expected an object with one field, \"keys\", an array");

            var keys = root.GetProperty("keys").EnumerateArray().Select(Entry).ToList();
            if (keys.GroupBy(k => k.Id).FirstOrDefault(g => g.Count() > 1) is { } sameId)
                throw new FormatException($"id '{sameId.Key}' appears more than once");
            if (keys.GroupBy(k => Convert.ToHexString(k.Sha256)).FirstOrDefault(g => g.Count() > 1) is { } sameHash)
                throw new FormatException($"keys {string.Join(" and ", sameHash.Select(k => $"'{k.Id}'"))} have the same sha256");
            return keys;
        }
    }

    private static ApiKey Entry(JsonElement entry, int index)
    {
        if (entry.ValueKind != JsonValueKind.Object) throw new FormatException($"keys[{index}] is not an object");
        var names = entry.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count != EntryFields.Length || !EntryFields.All(names.Contains))
            throw new FormatException($"keys[{index}] must have exactly the fields id, role and sha256");

        var id = Text(entry, "id", index);
        var role = Text(entry, "role", index);
        var sha256 = Text(entry, "sha256", index);
        if (!IdPattern().IsMatch(id)) throw new FormatException($"keys[{index}].id must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'");
        if (!ApiRoles.All.Contains(role)) throw new FormatException($"keys[{index}].role must be one of {string.Join(", ", ApiRoles.All)}");
        if (!Sha256Pattern().IsMatch(sha256)) throw new FormatException($"keys[{index}].sha256 must be 64 hexadecimal digits");
        return new ApiKey(id, role, Convert.FromHexString(sha256));
    }

    private static string Text(JsonElement entry, string name, int index) =>
        entry.GetProperty(name) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new FormatException($"keys[{index}].{name} must be a string");
}
