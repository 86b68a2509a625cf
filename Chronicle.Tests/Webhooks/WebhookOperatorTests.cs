using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Webhooks;

/// <summary>
/// What an operator does to an endpoint, through a real node, PostgreSQL, NATS and a receiver on loopback:
/// replays its dead letters (each once, with its webhook-id, signed; gone once delivered, kept when it fails again)
/// and pauses and resumes its deliveries (nothing sent while paused, everything after, in each account's order).
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class WebhookOperatorTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dead_letters_replayed_reach_the_receiver_once_each_with_their_webhook_ids_and_leave_the_dead_letters()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Unavailable);
        await using var stack = await fixture.StartReadSideAsync("webhooks_replay", webhooks: TestNode.LoopbackWebhooks with
        {
            MaxAttempts = 2, FirstRetryDelayMilliseconds = 50, MaxRetryDelayMilliseconds = 100,
        });
        var node = stack.Node;
        var (id, secret) = await AdminHttp.RegisterWebhookAsync(node, receiver.Url, ["MoneyDeposited"]);
        var accounts = Enumerable.Range(0, 3).Select(i => $"replay-{i}").ToList();
        foreach (var account in accounts)
        {
            await node.CreateAccountAsync(account);
            for (var d = 0; d < 2; d++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = account, amount = "1.00" })).StatusCode);
        }
        const int events = 3 * 2;
        await Eventually.Until(() => DeadLetterCountAsync(node, id), n => n == events, Deadline, "every deposit dead-lettered");
        var refusedIds = receiver.All.Select(r => r.WebhookId).ToHashSet();
        Assert.Equal(events, refusedIds.Count);

        // Still down: the oldest letter is sent once, fails again and stays, its attempts counted; the replay stops there.
        Assert.Equal((0, 1, events), await ReplayAsync(node, id, ""));
        Assert.Equal(2 * events + 1, receiver.All.Count);
        Assert.Equal(3, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT max(attempts) FROM webhook_dead_letters"));

        receiver.AnswerWith(WebhookReceiver.Answer.Ok);
        Assert.Equal((4, 0, events - 4), await ReplayAsync(node, id, "?limit=4"));
        Assert.Equal((events - 4, 0, 0), await ReplayAsync(node, id, ""));

        var accepted = receiver.Accepted;
        Assert.Equal(events, accepted.Count);
        Assert.Equal(refusedIds.Order(), accepted.Select(r => r.WebhookId).Order());
        Assert.All(accepted, r => r.AssertSigned(secret));
        Assert.All(accepted, r => Assert.Equal("MoneyDeposited", r.Type));
        foreach (var account in accounts)
            Assert.Equal([2L, 3L], accepted.Where(r => r.AccountId == account).Select(r => r.Version).Order());
        Assert.Equal(0, await DeadLetterCountAsync(node, id));

        var delivered = (await AdminHttp.WebhookDeliveriesAsync(node, id)).Where(a => a.GetProperty("outcome").GetString() == "delivered").ToList();
        Assert.Equal(events, delivered.Count);
        // Attempts 1 and 2 by the lane; the letter replayed while the receiver was down had a third.
        Assert.Equal([3, 3, 3, 3, 3, 4], delivered.Select(a => a.GetProperty("attempt").GetInt32()).Order());

        // Nothing left: a second replay sends nothing.
        var sent = receiver.All.Count;
        Assert.Equal((0, 0, 0), await ReplayAsync(node, id, ""));
        Assert.Equal(sent, receiver.All.Count);

        Assert.Equal(HttpStatusCode.NotFound,
            (await node.Operator.PostAsync("/admin/webhooks/wh_000000000000000000000000/dead-letters/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.Operator.PostAsync($"/admin/webhooks/{id}/dead-letters/replay?limit=0", null)).StatusCode);
    }

    [Fact]
    public async Task A_paused_endpoint_is_sent_nothing_and_gets_everything_in_each_accounts_order_once_resumed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("webhooks_pause");
        var node = stack.Node;
        var (id, secret) = await AdminHttp.RegisterWebhookAsync(node, receiver.Url, ["AccountCreated", "MoneyDeposited"]);
        await node.CreateAccountAsync("pause-first");
        await Eventually.Until(() => Task.FromResult(receiver.Accepted.Count), n => n == 1, Deadline, "the first account's creation delivered");
        Assert.Equal(1, await AdminHttp.WebhookLaneRunningAsync(node, id));

        Assert.Equal(HttpStatusCode.NoContent, (await node.Operator.PostAsync($"/admin/webhooks/{id}/pause", null)).StatusCode);
        Assert.True((await EndpointAsync(node, id)).GetProperty("paused").GetBoolean());
        await Eventually.Until(() => AdminHttp.WebhookLaneRunningAsync(node, id), running => running == 0, Deadline, "the paused endpoint's lane stopped");

        var accounts = Enumerable.Range(0, 3).Select(i => $"pause-{i}").ToList();
        await Task.WhenAll(accounts.Select(async account =>
        {
            await node.CreateAccountAsync(account);
            for (var d = 0; d < 3; d++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = account, amount = "1.00" })).StatusCode);
        }));
        // The projector has read them from the stream the lane reads: they were there to be sent, and were not.
        await Eventually.Until(() => ReadModelSql.AccountsAsync(stack.ReadModel), rows => accounts.All(a => rows.TryGetValue(a, out var row) && row.Version == 4),
            Deadline, "the events on the feed");
        Assert.Single(receiver.All);

        Assert.Equal(HttpStatusCode.NoContent, (await node.Operator.PostAsync($"/admin/webhooks/{id}/resume", null)).StatusCode);
        Assert.False((await EndpointAsync(node, id)).GetProperty("paused").GetBoolean());
        var expected = 1 + accounts.Count * 4;
        var accepted = await Eventually.Until(() => Task.FromResult(receiver.Accepted), got => got.Count >= expected, Deadline, "everything delivered once resumed");
        Assert.Equal(expected, accepted.Count);
        Assert.Equal(expected, accepted.Select(r => r.WebhookId).Distinct().Count());
        Assert.All(accepted, r => r.AssertSigned(secret));
        foreach (var account in accounts)
            Assert.Equal([1L, 2L, 3L, 4L], accepted.Where(r => r.AccountId == account).Select(r => r.Version));
        Assert.Equal(1, await AdminHttp.WebhookLaneRunningAsync(node, id));

        foreach (var action in new[] { "pause", "resume" })
            Assert.Equal(HttpStatusCode.NotFound, (await node.Operator.PostAsync($"/admin/webhooks/wh_000000000000000000000000/{action}", null)).StatusCode);
    }

    private static async Task<(int Delivered, int Failed, long Remaining)> ReplayAsync(TestNode node, string id, string query)
    {
        var response = await node.Operator.PostAsync($"/admin/webhooks/{id}/dead-letters/replay{query}", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"replay: {(int)response.StatusCode} {body}");
        Assert.Equal(id, body.GetProperty("id").GetString());
        return (body.GetProperty("delivered").GetInt32(), body.GetProperty("failed").GetInt32(), body.GetProperty("remaining").GetInt64());
    }

    private static async Task<JsonElement> EndpointAsync(TestNode node, string id) =>
        JsonDocument.Parse(await node.Operator.GetStringAsync("/admin/webhooks")).RootElement.GetProperty("webhooks").EnumerateArray()
            .Single(w => w.GetProperty("id").GetString() == id);

    private static async Task<long> DeadLetterCountAsync(TestNode node, string id) => (await EndpointAsync(node, id)).GetProperty("dead_letters").GetInt64();
}
