using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// Holds: the amount leaves the source's available balance, not its balance, until the hold is posted (all or part
/// of it is credited, the rest is available again), voided, or expires. On a node with a read model, which says how
/// an ended transfer ended: GET /transfers/{id}, and a request sent again after its transfer ended.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class HoldTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hold_posted_in_part_credits_that_part_and_frees_the_rest_and_a_voided_one_frees_it_all()
    {
        await using var stack = await fixture.StartReadSideAsync("holds");
        var node = stack.Node;
        await node.CreateAccountAsync("h-from", "100");
        await node.CreateAccountAsync("h-to");

        var held = await node.PostAsync("/commands/transfer",
            new { from_account_id = "h-from", to_account_id = "h-to", amount = "30.00", transfer_id = "h-post", hold = true, timeout_seconds = 3600 });
        // The answers' bodies in the messages: a refusal here must say its cause (two CI runs' 503s did not).
        Assert.True(held.StatusCode == HttpStatusCode.Created, await held.DescribeAsync());
        Assert.Equal("held", (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(("100.00", "70.00"), await Balances(node, "h-from"));
        var strong = await node.Http.GetAsync("/transfers/h-post?consistency=strong");
        Assert.True(strong.IsSuccessStatusCode, await strong.DescribeAsync());
        var open = await strong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("held", "30.00", "USD"), (open.GetProperty("status").GetString(), open.GetProperty("amount").GetString(), open.GetProperty("currency").GetString()));
        Assert.True(open.TryGetProperty("expires_at", out _));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/close-account", new { account_id = "h-from" }), 422, "account_has_pending_transfers");
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/post-transfer", new { transfer_id = "h-post", amount = "30.01" }), 422, "amount_exceeds_hold");

        var posted = await node.PostAsync("/commands/post-transfer", new { transfer_id = "h-post", amount = "10.00" });

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var body = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("h-post", "completed", "10.00"),
            (body.GetProperty("transfer_id").GetString(), body.GetProperty("status").GetString(), body.GetProperty("amount").GetString()));
        Assert.Equal(("90.00", "90.00"), await Balances(node, "h-from"));
        Assert.Equal(("10.00", "10.00"), await Balances(node, "h-to"));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/void-transfer", new { transfer_id = "h-post" }), 422, "transfer_not_held");

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "h-from", to_account_id = "h-to", amount = "50.00", transfer_id = "h-void", hold = true })).StatusCode);
        Assert.Equal(("90.00", "40.00"), await Balances(node, "h-from"));
        var voided = await node.PostAsync("/commands/void-transfer", new { transfer_id = "h-void" });
        Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        Assert.Equal("voided", (await voided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(("90.00", "90.00"), await Balances(node, "h-from"));

        var post = await Ended(node, "h-post", "completed");
        Assert.Equal(("30.00", "10.00"), (post.GetProperty("amount").GetString(), post.GetProperty("posted_amount").GetString()));
        await Ended(node, "h-void", "voided");
        // The read model's account rows say the same as the accounts.
        await Eventually.Until(async () => (await node.Http.GetFromJsonAsync<JsonElement>("/accounts/h-from")).GetProperty("available_balance").GetString(),
            available => available == "90.00", Patience, "the read model's available balance");
    }

    [Fact]
    public async Task A_hold_expires_by_itself_and_a_transfer_sent_again_after_it_ended_is_answered_from_the_read_model()
    {
        await using var stack = await fixture.StartReadSideAsync("hold_expiry");
        var node = stack.Node;
        await node.CreateAccountAsync("he-from", "20");
        await node.CreateAccountAsync("he-to");

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "he-from", to_account_id = "he-to", amount = "5.00", transfer_id = "he-short", hold = true, timeout_seconds = 1 })).StatusCode);

        await Ended(node, "he-short", "expired");
        Assert.Equal(("20.00", "20.00"), await Balances(node, "he-from"));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/post-transfer", new { transfer_id = "he-short" }), 422, "transfer_not_held");

        var body = new { from_account_id = "he-from", to_account_id = "he-to", amount = "7.00", transfer_id = "he-plain" };
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", body)).StatusCode);
        await Ended(node, "he-plain", "completed");
        var again = await node.PostAsync("/commands/transfer", body);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("he-plain", "completed"), (replayed.GetProperty("transfer_id").GetString(), replayed.GetProperty("status").GetString()));
        Assert.Equal(("13.00", "7.00"), ((await Balances(node, "he-from")).Balance, (await Balances(node, "he-to")).Balance));
    }

    [Fact]
    public async Task The_target_of_a_pending_hold_cannot_close_until_it_is_voided_and_a_hold_towards_a_closed_account_fails()
    {
        var node = await fixture.SharedNodeAsync();
        var id = "hp-" + Guid.NewGuid().ToString("N")[..8];
        var (from, to) = (id + "-from", id + "-to");
        await node.CreateAccountAsync(from, "100");
        await node.CreateAccountAsync(to);

        var held = await node.PostAsync("/commands/transfer", new { from_account_id = from, to_account_id = to, amount = "30.00", transfer_id = id, hold = true });
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        // "held": the target holds it pending, so it cannot close (its balance is zero) while the hold may still be posted.
        var target = await node.Http.GetFromJsonAsync<JsonElement>($"/accounts/{to}?consistency=strong");
        Assert.Equal(("0.00", "30.00"), (target.GetProperty("balance").GetString(), target.GetProperty("pending_incoming").GetString()));
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/close-account", new { account_id = to }), 422, "account_has_pending_transfers");

        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/void-transfer", new { transfer_id = id })).StatusCode);
        // The void is answered once the target released the hold.
        Assert.Equal("0.00", (await node.Http.GetFromJsonAsync<JsonElement>($"/accounts/{to}?consistency=strong")).GetProperty("pending_incoming").GetString());
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/close-account", new { account_id = to })).StatusCode);

        var refused = await node.PostAsync("/commands/transfer", new { from_account_id = from, to_account_id = to, amount = "5.00", transfer_id = id + "-2", hold = true });
        var problem = await ProblemJson.AssertAsync(refused, 422, "account_closed");
        Assert.Equal("failed", problem.GetProperty("transfer_status").GetString());
        Assert.Equal(("100.00", "100.00"), await Balances(node, from));
    }

    /// <summary>
    /// The transfer as the read model has it once it ended as <paramref name="status"/>; a strong read says the same then.
    /// (Ended and not projected yet, it is 503: its source no longer knows how it ended.)
    /// </summary>
    private static async Task<JsonElement> Ended(TestNode node, string transferId, string status)
    {
        var row = await Eventually.Until(async () =>
            {
                var response = await node.Http.GetAsync($"/transfers/{transferId}");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            t => t.ValueKind == JsonValueKind.Object && t.GetProperty("status").GetString() == status, Patience, $"transfer {transferId} {status} in the read model");
        Assert.Equal(status, (await node.Http.GetFromJsonAsync<JsonElement>($"/transfers/{transferId}?consistency=strong")).GetProperty("status").GetString());
        return row;
    }

    /// <summary>The account's balance and available balance, as the account itself says.</summary>
    private static async Task<(string? Balance, string? Available)> Balances(TestNode node, string accountId)
    {
        var account = await node.Http.GetFromJsonAsync<JsonElement>($"/accounts/{accountId}?consistency=strong");
        return (account.GetProperty("balance").GetString(), account.GetProperty("available_balance").GetString());
    }
}
