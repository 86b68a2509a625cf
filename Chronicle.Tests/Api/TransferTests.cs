using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>Transfers move money exactly once or not at all, and refund when the credit cannot happen.</summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferTests(LedgerFixture fixture)
{
    private const int Trials = 10;
    private const int ConcurrentTransfers = 20;

    [Fact]
    public async Task A_transfer_moves_the_money_and_reports_both_legs()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-alice", "100");
        await node.CreateAccountAsync("t-bob", "0");

        var response = await node.PostAsync("/commands/transfer",
            new { from_account_id = "t-alice", to_account_id = "t-bob", amount = "30.50", transfer_id = "t-first" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("t-first", "completed"), (body.GetProperty("transfer_id").GetString(), body.GetProperty("status").GetString()));
        Assert.Equal(["transfer_out", "transfer_in"], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("69.50", await Balance(node, "t-alice"));
        Assert.Equal("30.50", await Balance(node, "t-bob"));

        var transfer = await node.Http.GetFromJsonAsync<JsonElement>("/transfers/t-first");
        Assert.Equal(("completed", "30.50", "USD"),
            (transfer.GetProperty("status").GetString(), transfer.GetProperty("amount").GetString(), transfer.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task Twenty_concurrent_transfers_of_the_whole_balance_let_exactly_one_through()
    {
        var node = await fixture.SharedNodeAsync();
        for (var trial = 0; trial < Trials; trial++)
        {
            string sender = $"t-race-from-{trial}", receiver = $"t-race-to-{trial}";
            await node.CreateAccountAsync(sender, "100");
            await node.CreateAccountAsync(receiver, "0");

            var statuses = await Task.WhenAll(Enumerable.Range(0, ConcurrentTransfers).Select(_ =>
                node.PostAsync("/commands/transfer", new { from_account_id = sender, to_account_id = receiver, amount = 100 })
                    .ContinueWith(t => t.Result.StatusCode)));

            Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(ConcurrentTransfers - 1, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
            Assert.Equal("0.00", await Balance(node, sender));
            Assert.Equal("100.00", await Balance(node, receiver));
        }
    }

    public static TheoryData<string, string> RefusedCredits => new()
    {
        { "frozen", "account_frozen" },
        { "closed", "account_closed" },
        { "euro", "currency_mismatch" },
        { "missing", "account_not_found" },
    };

    [Theory]
    [MemberData(nameof(RefusedCredits))]
    public async Task A_credit_the_target_refuses_fails_the_transfer_and_refunds_the_source(string target, string reason)
    {
        var node = await fixture.SharedNodeAsync();
        var source = $"t-refund-src-{target}";
        var to = $"t-refund-{target}";
        await node.CreateAccountAsync(source, "50");
        if (target != "missing") await node.CreateAccountAsync(to, "0", target == "euro" ? "EUR" : "USD");
        if (target == "frozen") Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/freeze-account", new { account_id = to })).StatusCode);
        if (target == "closed") Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/close-account", new { account_id = to })).StatusCode);

        var response = await node.PostAsync("/commands/transfer",
            new { from_account_id = source, to_account_id = to, amount = 20, transfer_id = $"t-refund-{target}" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((reason, "failed"), (problem.GetProperty("code").GetString(), problem.GetProperty("transfer_status").GetString()));
        Assert.Equal("50.00", await Balance(node, source));
        Assert.Equal(3, await node.JournalRowsAsync(source)); // created, debited, refunded
        var transfer = await node.Http.GetFromJsonAsync<JsonElement>($"/transfers/t-refund-{target}");
        Assert.Equal(("failed", reason), (transfer.GetProperty("status").GetString(), transfer.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_transfer_to_the_same_account_is_422_and_an_unknown_transfer_is_404()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-self", "10");

        var self = await node.PostAsync("/commands/transfer", new { from_account_id = "t-self", to_account_id = "t-self", amount = 1 });
        var unknown = await node.Http.GetAsync("/transfers/never-made");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, self.StatusCode);
        Assert.Equal("same_account", (await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("transfer_not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(1, await node.JournalRowsAsync("t-self"));
    }

    [Fact]
    public async Task The_same_transfer_id_or_idempotency_key_again_is_the_same_transfer_and_a_different_body_is_422()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-idem-from", "100");
        await node.CreateAccountAsync("t-idem-to", "0");
        var byId = new { from_account_id = "t-idem-from", to_account_id = "t-idem-to", amount = 10, transfer_id = "t-idem" };
        var byKey = new { from_account_id = "t-idem-from", to_account_id = "t-idem-to", amount = 5 };

        var first = await node.PostAsync("/commands/transfer", byId);
        var again = await node.PostAsync("/commands/transfer", byId);
        var keyed = await node.PostAsync("/commands/transfer", byKey, "transfer-key");
        var keyedAgain = await node.PostAsync("/commands/transfer", byKey, "transfer-key");
        var different = await node.PostAsync("/commands/transfer", byId with { amount = 11 });

        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(await keyed.Content.ReadAsStringAsync(), await keyedAgain.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("idempotency_key_reused", (await different.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("85.00", await Balance(node, "t-idem-from"));
        Assert.Equal("15.00", await Balance(node, "t-idem-to"));
    }

    private static async Task<string?> Balance(TestNode node, string account) =>
        (await node.GetAccountAsync(account)).GetProperty("balance").GetString();
}
