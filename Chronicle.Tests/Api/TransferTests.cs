using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>
/// Transfers move money exactly once or not at all, and give it back when the credit cannot happen. On the shared
/// node, which has no read model: a request sent again after its transfer ended is answered 202 (only the read
/// model knows how an ended transfer ended; <see cref="HoldTests"/> has one).
/// </summary>
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
        Assert.Equal(["t-alice", "t-bob"], body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("account_id").GetString()));
        Assert.Equal("69.50", await Balance(node, "t-alice"));
        Assert.Equal("30.50", await Balance(node, "t-bob"));
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
    public async Task A_credit_the_target_refuses_fails_the_transfer_and_gives_the_source_its_money_back(string target, string reason)
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

        var problem = await ProblemJson.AssertAsync(response, 422, reason);
        Assert.Equal(($"t-refund-{target}", "failed"), (problem.GetProperty("transfer_id").GetString(), problem.GetProperty("transfer_status").GetString()));
        Assert.Equal("50.00", await Balance(node, source));
        Assert.Equal(3, await node.JournalRowsAsync(source)); // created, sent, returned
    }

    [Fact]
    public async Task An_amount_finer_than_the_currency_is_400_records_nothing_and_leaves_the_transfer_id_free()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-cents-from", "10");
        await node.CreateAccountAsync("t-cents-to");
        var body = new { from_account_id = "t-cents-from", to_account_id = "t-cents-to", amount = "0.001", transfer_id = "t-cents" };

        await ProblemJson.AssertAsync(await node.PostAsync("/commands/transfer", body), 400, "validation_failed");
        await ProblemJson.AssertAsync(await node.PostAsync("/commands/transfer", body with { transfer_id = "t-cents-keyed" }, "cents-key"), 400);

        Assert.Equal((1, 1), (await node.JournalRowsAsync("t-cents-from"), await node.JournalRowsAsync("t-cents-to")));
        // Nothing was started under the id, nor the key: both take the corrected request.
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", body with { amount = "0.01" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await node.PostAsync("/commands/transfer", body with { amount = "0.02", transfer_id = "t-cents-keyed" }, "cents-key")).StatusCode);
        Assert.Equal("9.97", await Balance(node, "t-cents-from"));
    }

    [Fact]
    public async Task A_transfer_to_the_same_account_is_422_and_an_unknown_transfer_is_404()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-self", "10");

        await ProblemJson.AssertAsync(await node.PostAsync("/commands/transfer", new { from_account_id = "t-self", to_account_id = "t-self", amount = 1 }),
            422, "same_account");
        await ProblemJson.AssertAsync(await node.Http.GetAsync("/transfers/never-made"), 404, "transfer_not_found");
        await ProblemJson.AssertAsync(await node.Http.GetAsync("/transfers/never-made?consistency=strong"), 404, "transfer_not_found");
        Assert.Equal(1, await node.JournalRowsAsync("t-self"));
    }

    [Fact]
    public async Task The_same_transfer_id_again_is_the_same_transfer_and_with_a_different_body_is_422()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-idem-from", "100");
        await node.CreateAccountAsync("t-idem-to", "0");
        var byId = new { from_account_id = "t-idem-from", to_account_id = "t-idem-to", amount = 10, transfer_id = "t-idem" };

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", byId)).StatusCode);
        var again = await node.PostAsync("/commands/transfer", byId);
        var different = await node.PostAsync("/commands/transfer", byId with { amount = 11 });

        await AssertSameTransferAsync(again, "t-idem");
        await ProblemJson.AssertAsync(different, 422, "idempotency_key_reused");
        Assert.Equal("90.00", await Balance(node, "t-idem-from"));
        Assert.Equal("10.00", await Balance(node, "t-idem-to"));
    }

    /// <summary>
    /// A retry of a completed transfer is that transfer: answered completed again (marked a replay) while its source still
    /// holds how it ended (its settlement not yet written, TRANSFERS.md), or pointed at its row (202) once the source holds
    /// nothing of it and the read model may not have it yet.
    /// </summary>
    private static async Task AssertSameTransferAsync(HttpResponseMessage again, string transferId)
    {
        if (again.StatusCode == HttpStatusCode.Created)
        {
            var body = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((transferId, "completed"), (body.GetProperty("transfer_id").GetString(), body.GetProperty("status").GetString()));
            Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
            return;
        }
        Assert.Equal((HttpStatusCode.Accepted, $"/transfers/{transferId}"), (again.StatusCode, again.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task The_same_key_from_two_API_keys_is_two_transfers()
    {
        var node = await fixture.SharedNodeAsync();
        var other = await node.AddClientAsync("transfer-other-client");
        await node.CreateAccountAsync("t-callers-from", "100");
        await node.CreateAccountAsync("t-callers-to", "0");
        var body = new { from_account_id = "t-callers-from", to_account_id = "t-callers-to", amount = 10 };

        var mine = await node.PostAsync("/commands/transfer", body, "transfer-shared-key");
        var theirs = await node.PostAsync("/commands/transfer", body, "transfer-shared-key", other);
        var myRetry = await node.PostAsync("/commands/transfer", body, "transfer-shared-key");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], [mine.StatusCode, theirs.StatusCode]);
        var myId = (await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transfer_id").GetString();
        Assert.NotEqual(myId, (await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transfer_id").GetString());
        await AssertSameTransferAsync(myRetry, myId!);
        Assert.Equal("80.00", await Balance(node, "t-callers-from"));
        Assert.Equal("20.00", await Balance(node, "t-callers-to"));
    }

    [Fact]
    public async Task A_key_used_for_a_transfer_is_refused_for_a_deposit_and_moves_nothing()
    {
        var node = await fixture.SharedNodeAsync();
        await node.CreateAccountAsync("t-keyed-from", "100");
        await node.CreateAccountAsync("t-keyed-to", "0");

        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer",
            new { from_account_id = "t-keyed-from", to_account_id = "t-keyed-to", amount = 10 }, "transfer-then-deposit")).StatusCode);
        foreach (var account in new[] { "t-keyed-from", "t-keyed-to" })
            await ProblemJson.AssertAsync(await node.PostAsync("/commands/deposit", new { account_id = account, amount = 5 }, "transfer-then-deposit"),
                422, "idempotency_key_reused");

        Assert.Equal("90.00", await Balance(node, "t-keyed-from"));
        Assert.Equal("10.00", await Balance(node, "t-keyed-to"));
    }

    [Fact]
    public async Task One_key_names_one_transfer_request_whatever_transfer_id_comes_with_it_also_after_a_restart()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_key_binding");
        var first = new { from_account_id = "kb-from", to_account_id = "kb-to", amount = 10, transfer_id = "kb-a1" };
        var second = first with { transfer_id = "kb-a2" };
        var unnamed = new { from_account_id = "kb-from", to_account_id = "kb-to", amount = 10 };
        await using (var node = await TestNode.StartAsync(eventStore))
        {
            await node.CreateAccountAsync("kb-from", "100");
            await node.CreateAccountAsync("kb-to", "0");

            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", first, "one-key")).StatusCode);
            await ExpectKeyReused(node, await node.PostAsync("/commands/transfer", second, "one-key"));
            await ExpectKeyReused(node, await node.PostAsync("/commands/transfer", unnamed, "one-key"));
            // The id is the key's too: under another key it is refused.
            await ExpectKeyReused(node, await node.PostAsync("/commands/transfer", first, "another-key"));
        }

        await using (var restarted = await TestNode.StartAsync(eventStore))
        {
            await ExpectKeyReused(restarted, await restarted.PostAsync("/commands/transfer", second, "one-key"));
            var replay = await restarted.PostAsync("/commands/transfer", first, "one-key");
            Assert.Equal((HttpStatusCode.Accepted, "/transfers/kb-a1"), (replay.StatusCode, replay.Headers.Location?.OriginalString));

            await ProblemJson.AssertAsync(await restarted.Http.GetAsync("/transfers/kb-a2?consistency=strong"), 404, "transfer_not_found");
            Assert.Equal("90.00", await Balance(restarted, "kb-from"));
            Assert.Equal("10.00", await Balance(restarted, "kb-to"));
            Assert.Equal(3, await restarted.JournalRowsAsync("kb-from")); // created, sent, settled
        }
    }

    private static async Task ExpectKeyReused(TestNode node, HttpResponseMessage response)
    {
        await ProblemJson.AssertAsync(response, 422, "idempotency_key_reused");
        Assert.Equal("90.00", await Balance(node, "kb-from"));
    }

    private static async Task<string?> Balance(TestNode node, string account) =>
        (await node.GetAccountAsync(account)).GetProperty("balance").GetString();
}
