using System.Net;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Security;

/// <summary>Keys change in the running node's keys file and take effect without a restart.</summary>
[Collection(LedgerCollection.Name)]
public sealed class KeyRotationTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Reload = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_key_works_beside_the_old_one_then_the_revoked_old_one_is_refused()
    {
        await using var node = await fixture.StartNodeAsync("key_rotation");
        await node.CreateAccountAsync("rotated");
        var old = node.Http;
        var fresh = node.HttpWith(node.Keys.Add("client-2", ApiRoles.Client));

        await Eventually.Until(() => StatusAsync(fresh), s => s == HttpStatusCode.OK, Reload, "the new key accepted");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(old));
        Assert.Equal(HttpStatusCode.Created, (await node.PostRawAsync("/commands/deposit", """{"account_id":"rotated","amount":"1.00"}""", caller: fresh)).StatusCode);

        node.Keys.Revoke("test-client");
        await Eventually.Until(() => StatusAsync(old), s => s == HttpStatusCode.Unauthorized, Reload, "the old key refused");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(fresh));
        Assert.Equal(HttpStatusCode.Unauthorized, (await node.PostRawAsync("/commands/deposit", """{"account_id":"rotated","amount":"1.00"}""", caller: old)).StatusCode);
        var account = await (await fresh.GetAsync("/accounts/rotated?consistency=strong")).Content.ReadAsStringAsync();
        Assert.Contains("\"balance\":\"1.00\"", account);
    }

    [Fact]
    public async Task A_keys_file_that_does_not_parse_leaves_the_keys_before_it_in_force()
    {
        await using var node = await fixture.StartNodeAsync("key_typo");
        var log = LogCapture.Attach(node);

        node.Keys.Overwrite("""{"keys": [{"id": "oops", "role": "client", "sha265": "00"}]}""");

        await Eventually.Until(() => Task.FromResult(log.Text), text => text.Contains("not reloaded"), Reload, "the bad file refused");
        Assert.Contains("keys[0] must have exactly the fields id, role and sha256", log.Text);
        // Still known (404: the account, not the key, is missing); the file's would-be key never was.
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/accounts/nobody")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Auditor.GetAsync("/accounts/nobody")).StatusCode);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient caller) => (await caller.GetAsync("/accounts/rotated")).StatusCode;
}
