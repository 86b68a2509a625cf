using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chronicle.Gateway.Security;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A node's keys file, written as an operator would: one fresh key per role to start with; keys added
/// and revoked while the node runs (each save replaces the file in one rename, as the docs advise).
/// The SHA-256 is computed here, independently of the gateway's code, as the file format documents it.
/// </summary>
public sealed class TestApiKeys : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chronicle-keys-").FullName;
    private readonly List<(string Id, string Role, string Key)> _keys = [];

    private TestApiKeys(Func<string, string> newKey)
    {
        Client = Add("test-client", ApiRoles.Client, newKey);
        Auditor = Add("test-auditor", ApiRoles.Auditor, newKey);
        Operator = Add("test-operator", ApiRoles.Operator, newKey);
    }

    public string File => Path.Combine(_directory, "api-keys.json");

    public string Client { get; }

    public string Auditor { get; }

    public string Operator { get; }

    public static TestApiKeys Create() => new(_ => NewKey());

    /// <summary>
    /// The keys of the deployment on <paramref name="eventStore"/>: the same ones every time, so a node
    /// restarted on that event store knows the callers it knew before, as it would from its keys file
    /// (an Idempotency-Key belongs to the API key that sent it).
    /// </summary>
    public static TestApiKeys For(string eventStore) =>
        new(id => KeyFrom(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventStore}|{id}"))));

    /// <summary>A key of the shape `./chronicle up` makes, that no node knows.</summary>
    public static string NewKey() => KeyFrom(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key `./chronicle up` makes of <paramref name="bytes"/> (32 random ones): "chr_" and their base64url, unpadded.</summary>
    public static string KeyFrom(ReadOnlySpan<byte> bytes) => "chr_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Adds a new key with <paramref name="id"/> and <paramref name="role"/> to the file; returns the key.</summary>
    public string Add(string id, string role) => Add(id, role, _ => NewKey());

    private string Add(string id, string role, Func<string, string> newKey)
    {
        var key = newKey(id);
        _keys.Add((id, role, key));
        Save();
        return key;
    }

    public void Revoke(string id)
    {
        Assert.Equal(1, _keys.RemoveAll(k => k.Id == id));
        Save();
    }

    /// <summary>Replaces the file with <paramref name="text"/>, whatever it is: a mistake in an edit, say.</summary>
    public void Overwrite(string text)
    {
        var temporary = File + ".tmp";
        System.IO.File.WriteAllText(temporary, text);
        System.IO.File.Move(temporary, File, overwrite: true);
    }

    private void Save() => Overwrite(JsonSerializer.Serialize(new
    {
        keys = _keys.Select(k => new { id = k.Id, role = k.Role, sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(k.Key))) }),
    }));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
