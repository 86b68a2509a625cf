using Chronicle.Gateway.Security;

namespace Chronicle.Tests.Security;

/// <summary>The keys file is read strictly: anything but well-formed entries refuses the whole file.</summary>
public sealed class KeysFileTests
{
    private const string Hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    [Fact]
    public void A_well_formed_file_gives_each_key_its_id_role_and_hash()
    {
        var keys = ApiKeysFile.Parse($$"""
            {"keys": [{"id": "client-1", "role": "client", "sha256": "{{Hash}}"},
                      {"id": "ops.2026", "role": "operator", "sha256": "{{Hash.ToUpperInvariant().Replace('9', '8')}}"}]}
            """);

        Assert.Equal(["client-1", "ops.2026"], keys.Select(k => k.Id));
        Assert.Equal([ApiRoles.Client, ApiRoles.Operator], keys.Select(k => k.Role));
        // SHA-256("test"): the documented format is the hex of the key's UTF-8 bytes' hash.
        Assert.Equal(ApiKey.HashOf("test"), keys[0].Sha256);
        Assert.Empty(ApiKeysFile.Parse("""{"keys": []}"""));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[]""")]
    [InlineData("""{"keys": {}}""")]
    [InlineData("""{"keys": [], "extra": 1}""")]
    [InlineData("""{"keys": ["client"]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client", "sha256": "HASH", "note": "x"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client", "sha256": "HASH", "sha256": "HASH"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "admin", "sha256": "HASH"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "Client", "sha256": "HASH"}]}""")]
    [InlineData("""{"keys": [{"id": "a b", "role": "client", "sha256": "HASH"}]}""")]
    [InlineData("""{"keys": [{"id": "", "role": "client", "sha256": "HASH"}]}""")]
    [InlineData("""{"keys": [{"id": 7, "role": "client", "sha256": "HASH"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client", "sha256": "abc"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client", "sha256": "chr_the-key-itself-not-its-hash-is-not-a-hash-and-is-refused0"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client", "sha256": "HASH"}, {"id": "a", "role": "auditor", "sha256": "HASH2"}]}""")]
    [InlineData("""{"keys": [{"id": "a", "role": "client", "sha256": "HASH"}, {"id": "b", "role": "auditor", "sha256": "HASH"}]}""")]
    public void Anything_else_refuses_the_whole_file(string json)
    {
        var text = json.Replace("HASH2", Hash.Replace('9', '7')).Replace("HASH", Hash);
        Assert.Throws<FormatException>(() => ApiKeysFile.Parse(text));
    }
}
