using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Api;

/// <summary>Same Idempotency-Key + same request = one event and the original answer replayed, even after a restart.</summary>
[Collection(LedgerCollection.Name)]
public sealed class IdempotencyTests(LedgerFixture fixture)
{
    [Fact]
    public async Task The_same_key_twice_writes_once_and_replays_the_original_answer_also_after_a_restart()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("idempotency");
        string firstBody;
        await using (var node = await TestNode.StartAsync(eventStore))
        {
            await node.CreateAccountAsync("idem", "10");
            var first = await node.PostAsync("/commands/deposit", new { account_id = "idem", amount = "5.25" }, "key-1");
            var second = await node.PostAsync("/commands/deposit", new { account_id = "idem", amount = "5.25" }, "key-1");

            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
            firstBody = await first.Content.ReadAsStringAsync();
            Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
            Assert.Equal(2, await node.JournalRowsAsync("idem"));
            Assert.Equal("15.25", (await node.GetAccountAsync("idem")).GetProperty("balance").GetString());
        }

        await using (var restarted = await TestNode.StartAsync(eventStore))
        {
            var replay = await restarted.PostAsync("/commands/deposit", new { account_id = "idem", amount = "5.25" }, "key-1");
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
            Assert.Equal(2, await restarted.JournalRowsAsync("idem"));

            var reused = await restarted.PostAsync("/commands/deposit", new { account_id = "idem", amount = "6" }, "key-1");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Contains("\"code\":\"idempotency_key_reused\"", await reused.Content.ReadAsStringAsync());
            Assert.Equal(2, await restarted.JournalRowsAsync("idem"));
        }
    }

    [Fact]
    public async Task Three_requests_at_once_under_one_key_write_one_event_and_answer_alike()
    {
        await using var node = await fixture.StartNodeAsync("idempotency_race");
        await node.CreateAccountAsync("idem-race", "0");

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            node.PostAsync("/commands/deposit", new { account_id = "idem-race", amount = 7 }, "same-key")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(2, await node.JournalRowsAsync("idem-race"));
        Assert.Equal("7.00", (await node.GetAccountAsync("idem-race")).GetProperty("balance").GetString());
    }

    [Fact]
    public async Task A_replayed_create_account_answers_201_again_and_a_fresh_create_of_the_same_id_is_409()
    {
        await using var node = await fixture.StartNodeAsync("idempotency_create");
        var body = new { account_id = "made-once", owner_name = "Ada", initial_balance = 1 };

        var first = await node.PostAsync("/commands/create-account", body, "create-key");
        var replay = await node.PostAsync("/commands/create-account", body, "create-key");
        var unkeyed = await node.PostAsync("/commands/create-account", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, unkeyed.StatusCode);
        Assert.Contains("\"code\":\"account_exists\"", await unkeyed.Content.ReadAsStringAsync());
        Assert.Equal(1, await node.JournalRowsAsync("made-once"));
    }

    [Fact]
    public async Task The_same_key_from_two_API_keys_names_two_requests_and_each_replays_only_its_own()
    {
        var node = await fixture.SharedNodeAsync();
        var other = await node.AddClientAsync("idem-other-client");
        await node.CreateAccountAsync("idem-two-callers", "0");

        var mine = await node.PostAsync("/commands/deposit", new { account_id = "idem-two-callers", amount = 5 }, "shared-key");
        var theirs = await node.PostAsync("/commands/deposit", new { account_id = "idem-two-callers", amount = 7 }, "shared-key", other);
        var myRetry = await node.PostAsync("/commands/deposit", new { account_id = "idem-two-callers", amount = 5 }, "shared-key");
        var theirRetry = await node.PostAsync("/commands/deposit", new { account_id = "idem-two-callers", amount = 7 }, "shared-key", other);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], [mine.StatusCode, theirs.StatusCode]);
        Assert.Equal(await mine.Content.ReadAsStringAsync(), await myRetry.Content.ReadAsStringAsync());
        Assert.Equal(await theirs.Content.ReadAsStringAsync(), await theirRetry.Content.ReadAsStringAsync());
        Assert.All([myRetry, theirRetry], r => Assert.Equal("true", r.Headers.GetValues("Idempotent-Replayed").Single()));
        Assert.Equal(3, await node.JournalRowsAsync("idem-two-callers"));
        Assert.Equal("12.00", (await node.GetAccountAsync("idem-two-callers")).GetProperty("balance").GetString());
    }

    public static TheoryData<string> MalformedKeys => ["", "tab\there", new string('k', 256)];

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task A_malformed_key_is_400_and_writes_nothing(string key)
    {
        var node = await fixture.SharedNodeAsync();
        var account = "keyed-" + key.Length;
        await node.CreateAccountAsync(account, "0");
        var request = new HttpRequestMessage(HttpMethod.Post, "/commands/deposit")
        {
            Content = new StringContent($$"""{"account_id":"{{account}}","amount":1}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await node.JournalRowsAsync(account));
    }
}
