using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>Freeze, unfreeze and close through the gateway: what each status refuses, and that each change is versioned.</summary>
[Collection(LedgerCollection.Name)]
public sealed class LifecycleTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_frozen_account_refuses_money_until_unfrozen_and_a_closed_one_refuses_everything()
    {
        var node = await fixture.SharedNodeAsync();
        const string id = "lifecycle";
        await node.CreateAccountAsync(id, "25");

        await ExpectStatus(node, "/commands/freeze-account", new { account_id = id, reason = "fraud review" }, HttpStatusCode.OK, version: 2);
        await ExpectProblem(node, "/commands/withdraw", new { account_id = id, amount = 1 }, "account_frozen");
        await ExpectProblem(node, "/commands/deposit", new { account_id = id, amount = 1 }, "account_frozen");
        await ExpectProblem(node, "/commands/freeze-account", new { account_id = id }, "account_frozen");
        Assert.Equal("frozen", (await node.GetAccountAsync(id)).GetProperty("status").GetString());

        await ExpectStatus(node, "/commands/unfreeze-account", new { account_id = id }, HttpStatusCode.OK, version: 3);
        await ExpectProblem(node, "/commands/unfreeze-account", new { account_id = id }, "account_not_frozen");
        await ExpectProblem(node, "/commands/close-account", new { account_id = id }, "balance_not_zero");

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = id, amount = 25 })).StatusCode);
        await ExpectStatus(node, "/commands/close-account", new { account_id = id, reason = "customer left" }, HttpStatusCode.OK, version: 5);

        await ExpectProblem(node, "/commands/deposit", new { account_id = id, amount = 1 }, "account_closed");
        await ExpectProblem(node, "/commands/freeze-account", new { account_id = id }, "account_closed");
        await ExpectProblem(node, "/commands/close-account", new { account_id = id }, "account_closed");
        var closed = await node.GetAccountAsync(id);
        Assert.Equal(("closed", 5L), (closed.GetProperty("status").GetString(), closed.GetProperty("version").GetInt64()));
        Assert.Equal(5, await node.JournalRowsAsync(id));
    }

    [Fact]
    public async Task Lifecycle_writes_are_idempotent_and_refuse_unknown_accounts()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("lifecycle-keyed", "0");

        var first = await node.PostAsync("/commands/freeze-account", new { account_id = "lifecycle-keyed" }, "freeze-once");
        var replay = await node.PostAsync("/commands/freeze-account", new { account_id = "lifecycle-keyed" }, "freeze-once");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(2, await node.JournalRowsAsync("lifecycle-keyed"));
        await ExpectProblem(node, "/commands/close-account", new { account_id = "no-such-account" }, "account_not_found");
    }

    public static TheoryData<string> LifecycleRoutes => ["/commands/freeze-account", "/commands/unfreeze-account", "/commands/close-account"];

    [Theory]
    [MemberData(nameof(LifecycleRoutes))]
    public async Task A_lifecycle_write_with_a_stale_expected_version_is_409_with_the_current_version_and_writes_nothing(string route)
    {
        var node = await fixture.SharedNodeAsync();
        var id = "lifecycle-version" + route["/commands/".Length..].Split('-')[0];
        await node.CreateAccountAsync(id, "0");
        // Unfreeze needs a frozen account: version 2 then, 1 for the others.
        if (route.Contains("unfreeze")) await ExpectStatus(node, "/commands/freeze-account", new { account_id = id }, HttpStatusCode.OK, version: 2);
        var current = route.Contains("unfreeze") ? 2L : 1L;

        var stale = await node.PostAsync(route, new { account_id = id, expected_version = current - 1 });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("version_conflict", current), (problem.GetProperty("code").GetString(), problem.GetProperty("current_version").GetInt64()));
        Assert.Equal(current, await node.JournalRowsAsync(id));

        await ExpectStatus(node, route, new { account_id = id, expected_version = current }, HttpStatusCode.OK, version: current + 1);
        Assert.Equal(current + 1, await node.JournalRowsAsync(id));
    }

    private static async Task ExpectStatus(TestNode node, string path, object body, HttpStatusCode status, long version)
    {
        var response = await node.PostAsync(path, body);
        Assert.Equal(status, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(version, answer.GetProperty("version").GetInt64());
    }

    private static async Task ExpectProblem(TestNode node, string path, object body, string code)
    {
        var response = await node.PostAsync(path, body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True((int)response.StatusCode is >= 400 and < 500);
    }
}
