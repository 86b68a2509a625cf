using System.Net;
using System.Text.Json;
using Chronicle.Gateway.Queries;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// Overdraft limits through a real node with its read side: a limit set at creation and by POST
/// /commands/set-overdraft-limit, withdrawals and holds into it, refusals beyond it, a lowering below what is used
/// refused; reads (the account itself and the read model) and time travel show the limit, and verify agrees.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class OverdraftTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_available_balance_goes_down_to_minus_the_limit_holds_included_and_the_limit_cannot_drop_below_what_is_used()
    {
        await using var stack = await fixture.StartReadSideAsync("overdraft");
        var node = stack.Node;
        var created = await node.PostAsync("/commands/create-account",
            new { account_id = "od", owner_name = "Ada", initial_balance = "20.00", overdraft_limit = "100.00" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await node.CreateAccountAsync("od-to");
        Assert.Equal(("20.00", "120.00", "100.00"), await StrongAsync(node, "od"));

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = "od", amount = "70.00" })).StatusCode);
        Assert.Equal(("-50.00", "50.00", "100.00"), await StrongAsync(node, "od"));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/withdraw", new { account_id = "od", amount = "50.01" }), 422, "insufficient_funds");

        // A hold takes the overdraft too, and what it keeps back is used: 50.00 overdrawn and 30.00 held.
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "od", to_account_id = "od-to", amount = "30.00", transfer_id = "od-h", hold = true, timeout_seconds = 3600 })).StatusCode);
        Assert.Equal(("-50.00", "20.00", "100.00"), await StrongAsync(node, "od"));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/transfer",
            new { from_account_id = "od", to_account_id = "od-to", amount = "20.01", transfer_id = "od-t" }), 422, "insufficient_funds");
        var beforeLowering = DateTimeOffset.UtcNow;

        var refused = await ProblemJson.AssertAsync(await node.PostAsync("/commands/set-overdraft-limit", new { account_id = "od", overdraft_limit = "79.99" }),
            422, "overdraft_limit_exceeded");
        Assert.Contains("80.00", refused.Str("detail"));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/set-overdraft-limit", new { account_id = "od", overdraft_limit = "80", expected_version = 2 }),
            409, "version_conflict");
        var lowered = await node.PostAsync("/commands/set-overdraft-limit", new { account_id = "od", overdraft_limit = "80", expected_version = 3 });

        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        var body = await lowered.BodyAsync();
        Assert.Equal((true, 4L), (body.GetProperty("success").GetBoolean(), body.Int("version")));
        Assert.Equal(("-50.00", "0.00", "80.00"), await StrongAsync(node, "od"));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/withdraw", new { account_id = "od", amount = "0.01" }), 422, "insufficient_funds");

        // Time travel: the limit in force at each instant.
        var then = await node.BalanceAtAsync("od", beforeLowering);
        Assert.Equal(("-50.00", "20.00", "100.00", 3L), (then.Str("balance"), then.Str("available_balance"), then.Str("overdraft_limit"), then.Int("version")));
        var now = await node.BalanceAtAsync("od", DateTimeOffset.UtcNow);
        Assert.Equal(("0.00", "80.00", 4L), (now.Str("available_balance"), now.Str("overdraft_limit"), now.Int("version")));

        // The read model answers the same, and verify finds it equal to the journal's fold.
        await Eventually.Until(async () =>
            {
                var response = await node.Http.GetAsync("/accounts/od");
                return (response.Header(ReadSource.Header), Fields(await response.BodyAsync()));
            },
            answer => answer == (ReadSource.ReadModel, ("-50.00", "0.00", "80.00")), Patience, "the read model's od after the lowering");
        await stack.AssertVerifiedAsync(Patience);
    }

    [Fact]
    public async Task A_limit_set_twice_under_one_key_is_written_once_and_the_key_with_another_limit_is_refused()
    {
        var node = await fixture.SharedNodeAsync();
        var id = "odk-" + Guid.NewGuid().ToString("N")[..8];
        await node.CreateAccountAsync(id, "5.00");

        var first = await node.PostAsync("/commands/set-overdraft-limit", new { account_id = id, overdraft_limit = "25.00" }, id);
        var again = await node.PostAsync("/commands/set-overdraft-limit", new { account_id = id, overdraft_limit = 25 }, id);
        var other = await node.PostAsync("/commands/set-overdraft-limit", new { account_id = id, overdraft_limit = "26.00" }, id);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        await ProblemJson.AssertAsync(other, 422, "idempotency_key_reused");
        Assert.Equal(2, await node.JournalRowsAsync(id));
        Assert.Equal(("5.00", "30.00", "25.00"), await StrongAsync(node, id));
    }

    /// <summary>Balance, available balance and overdraft limit, as the account itself says.</summary>
    private static async Task<(string?, string?, string?)> StrongAsync(TestNode node, string accountId)
    {
        var response = await node.Http.GetAsync($"/accounts/{accountId}?consistency=strong");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Fields(await response.BodyAsync());
    }

    private static (string?, string?, string?) Fields(JsonElement account) =>
        (account.Str("balance"), account.Str("available_balance"), account.Str("overdraft_limit"));
}
