using System.Net;
using System.Text.Json;
using Chronicle.Projector.Webhooks;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Webhooks;

/// <summary>
/// Webhooks delivered from the feed to real receivers on loopback, through a real node, PostgreSQL and NATS:
/// signed (the test verifies the signature from the secret alone), filtered by type, in each account's order,
/// retried through an outage with nothing taken twice, dead-lettered after the last attempt, and an endpoint
/// that is down or slow holding up no other. Every wait is for a condition, with a deadline.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class WebhookDeliveryTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_reach_their_subscribers_signed_in_each_accounts_order_filtered_logged_and_counted()
    {
        await using var deposits = await WebhookReceiver.StartAsync();
        await using var everything = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("webhooks_delivery");
        var node = stack.Node;
        // On the feed before any endpoint is registered (the projector has it, so the stream has it): sent to none of them.
        await node.CreateAccountAsync("before", "5");
        await Eventually.Until(() => ReadModelSql.AccountsAsync(stack.ReadModel), rows => rows.ContainsKey("before"), Deadline, "the account on the feed");

        var depositSecret = WebhookSecret.Generate();
        var (depositsId, _) = await AdminHttp.RegisterWebhookAsync(node, deposits.Url, ["MoneyDeposited"], depositSecret);
        var (everythingId, everythingSecret) = await AdminHttp.RegisterWebhookAsync(node, everything.Url, ["AccountCreated", "MoneyDeposited", "MoneyWithdrawn"]);

        var accounts = Enumerable.Range(0, 4).Select(i => $"wh-{i}").ToList();
        await Task.WhenAll(accounts.Select(async account =>
        {
            await node.CreateAccountAsync(account, "10");
            for (var d = 1; d <= 6; d++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = account, amount = $"{d}.00" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = account, amount = "1.00" })).StatusCode);
        }));
        Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/freeze-account", new { account_id = "wh-0" })).StatusCode);

        var gotDeposits = await Eventually.Until(() => Task.FromResult(deposits.Accepted), got => got.Count >= 4 * 6, Deadline, "every deposit delivered");
        var gotEverything = await Eventually.Until(() => Task.FromResult(everything.Accepted), got => got.Count >= 4 * 8, Deadline, "every subscribed event delivered");

        Assert.All(gotDeposits, received => received.AssertSigned(depositSecret));
        Assert.All(gotEverything, received => received.AssertSigned(everythingSecret));
        Assert.All(gotDeposits, received => Assert.Equal("MoneyDeposited", received.Type));
        Assert.Equal(["AccountCreated", "MoneyDeposited", "MoneyWithdrawn"], gotEverything.Select(r => r.Type).Distinct().Order());
        Assert.DoesNotContain(gotEverything, received => received.AccountId == "before");
        Assert.All(gotEverything, received => Assert.Equal("application/json", received.ContentType));

        // Each account in order: versions 1..8 for the endpoint taking all its events, 2..7 for deposits alone.
        foreach (var account in accounts)
        {
            Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), gotEverything.Where(r => r.AccountId == account).Select(r => r.Version));
            Assert.Equal(Enumerable.Range(2, 6).Select(v => (long)v), gotDeposits.Where(r => r.AccountId == account).Select(r => r.Version));
        }

        // The body: the feed's event with its type, account, version, time and data.
        var deposit = gotDeposits.First(r => r.AccountId == "wh-1" && r.Version == 2).Json;
        Assert.Equal("MoneyDeposited.v1", deposit.GetProperty("schema").GetString());
        Assert.Equal(100, deposit.GetProperty("data").GetProperty("amount_minor_units").GetInt64());
        Assert.Equal("wh-1", deposit.GetProperty("data").GetProperty("account_id").GetString());
        Assert.True(DateTimeOffset.UtcNow - deposit.GetProperty("timestamp").GetDateTimeOffset() < Deadline);

        // One webhook-id per event and endpoint: unique within each, different across them.
        Assert.Equal(gotEverything.Count, gotEverything.Select(r => r.WebhookId).Distinct().Count());
        Assert.Empty(gotDeposits.Select(r => r.WebhookId).Intersect(gotEverything.Select(r => r.WebhookId)));
        Assert.All(gotDeposits, r => Assert.Matches("^msg_[0-9a-f]{32}$", r.WebhookId));

        // An attempt is logged once its answer is back, after the receiver has counted it.
        var log = await Eventually.Until(() => AdminHttp.WebhookDeliveriesAsync(node, depositsId), l => l.Count >= gotDeposits.Count, Deadline, "every delivery logged");
        Assert.Equal(gotDeposits.Select(r => r.WebhookId).Order(), log.Select(a => a.GetProperty("webhook_id").GetString()).Order());
        Assert.All(log, attempt =>
        {
            Assert.Equal("delivered", attempt.GetProperty("outcome").GetString());
            Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
            Assert.Equal(1, attempt.GetProperty("attempt").GetInt32());
            Assert.Equal("MoneyDeposited", attempt.GetProperty("event_type").GetString());
        });

        var metrics = PrometheusText.Parse(await node.Operator.GetStringAsync("/metrics"));
        Assert.Equal(4 * 6, metrics.Sum("chronicle_webhooks_deliveries_total", ("endpoint", depositsId), ("outcome", "delivered")));
        Assert.Equal(4 * 8, metrics.Sum("chronicle_webhooks_deliveries_total", ("endpoint", everythingId), ("outcome", "delivered")));
        Assert.Equal(4 * 6, metrics.Sum("chronicle_webhooks_delivery_duration_seconds_count", ("endpoint", depositsId)));
    }

    [Fact]
    public async Task A_receiver_down_for_30_seconds_gets_every_event_after_in_order_and_takes_none_twice()
    {
        var outage = TimeSpan.FromSeconds(30);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("webhooks_outage", webhooks: TestNode.LoopbackWebhooks with
        {
            MaxAttempts = 100, FirstRetryDelayMilliseconds = 100, MaxRetryDelayMilliseconds = 2_000,
        });
        var node = stack.Node;
        var (id, secret) = await AdminHttp.RegisterWebhookAsync(node, receiver.Url, ["AccountCreated", "MoneyDeposited"]);
        var accounts = Enumerable.Range(0, 4).Select(i => $"out-{i}").ToList();
        foreach (var account in accounts) await node.CreateAccountAsync(account);
        await Eventually.Until(() => Task.FromResult(receiver.Accepted.Count), n => n == accounts.Count, Deadline, "the accounts' creation delivered");

        receiver.AnswerWith(WebhookReceiver.Answer.Unavailable);
        var down = DateTimeOffset.UtcNow;
        await DepositAsync(node, accounts, 5);
        await Eventually.Until(() => AdminHttp.WebhookDeliveriesAsync(node, id), log => log.Count(a => a.GetProperty("outcome").GetString() == "failed") >= 10,
            Deadline, "attempts failing while the receiver is down");
        // The outage is the scenario, not a wait for something: the receiver stays down for its full length.
        await Task.Delay(outage - (DateTimeOffset.UtcNow - down) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await DepositAsync(node, accounts, 2);
        receiver.AnswerWith(WebhookReceiver.Answer.Ok);

        var expected = accounts.Count * (1 + 5 + 2);
        var accepted = await Eventually.Until(() => Task.FromResult(receiver.Accepted), got => got.Count >= expected, Deadline, "everything delivered after the outage");
        Assert.Equal(expected, accepted.Count);
        Assert.Equal(expected, accepted.Select(r => r.WebhookId).Distinct().Count());
        Assert.All(accepted, r => r.AssertSigned(secret));
        foreach (var account in accounts)
            Assert.Equal(Enumerable.Range(1, 8).Select(v => (long)v), accepted.Where(r => r.AccountId == account).Select(r => r.Version));
        // Refused attempts came again with the same webhook-id, and nothing went to the dead letters.
        Assert.True(receiver.All.Count(r => r.Status == 503) >= 10);
        Assert.Subset(accepted.Select(r => r.WebhookId).ToHashSet(), receiver.All.Where(r => r.Status == 503).Select(r => r.WebhookId).ToHashSet());
        Assert.Equal(0, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM webhook_dead_letters"));
    }

    [Fact]
    public async Task An_endpoint_down_or_slow_holds_up_no_other_and_its_events_are_dead_lettered_after_the_last_attempt()
    {
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var failing = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Unavailable);
        await using var slow = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Never);
        await using var stack = await fixture.StartReadSideAsync("webhooks_isolation", webhooks: TestNode.LoopbackWebhooks with
        {
            MaxAttempts = 3, FirstRetryDelayMilliseconds = 100, MaxRetryDelayMilliseconds = 200, RequestTimeoutMilliseconds = 2_000,
        });
        var node = stack.Node;
        string[] deposited = ["MoneyDeposited"];
        var (failingId, _) = await AdminHttp.RegisterWebhookAsync(node, failing.Url, deposited);
        await AdminHttp.RegisterWebhookAsync(node, slow.Url, deposited);
        // Nothing listens there: connections are refused at once.
        var (refusedId, _) = await AdminHttp.RegisterWebhookAsync(node, new Uri($"http://127.0.0.1:{FreePort.Next()}/hook"), deposited);
        var (healthyId, _) = await AdminHttp.RegisterWebhookAsync(node, healthy.Url, deposited);

        var accounts = Enumerable.Range(0, 12).Select(i => $"iso-{i}").ToList();
        await Task.WhenAll(accounts.Select(account => node.CreateAccountAsync(account)));
        await DepositAsync(node, accounts, 2);
        var written = DateTimeOffset.UtcNow;

        // Waiting behind the slow one (every attempt a 2 s timeout, 8 at a time, 3 attempts each) would take 18 s and more.
        var got = await Eventually.Until(() => Task.FromResult(healthy.Accepted), r => r.Count >= accounts.Count * 2, TimeSpan.FromSeconds(10),
            "the healthy endpoint has every deposit while the others fail");
        Assert.Equal(accounts.Count * 2, got.Count);
        Assert.True(DateTimeOffset.UtcNow - written < TimeSpan.FromSeconds(10));
        Assert.Empty(await DeadLettersAsync(stack, healthyId));

        foreach (var endpoint in new[] { failingId, refusedId })
        {
            var letters = await Eventually.Until(() => DeadLettersAsync(stack, endpoint), rows => rows.Count >= accounts.Count * 2, Deadline,
                $"{endpoint}'s events dead-lettered");
            Assert.Equal(accounts.Count * 2, letters.Count);
            Assert.All(letters, letter => Assert.Equal(3, letter.Attempts));
            Assert.All(letters, letter => Assert.Equal("MoneyDeposited", JsonDocument.Parse(letter.Payload).RootElement.GetProperty("type").GetString()));
            var log = await AdminHttp.WebhookDeliveriesAsync(node, endpoint);
            Assert.Equal(accounts.Count * 2 * 3, log.Count);
            Assert.Equal(accounts.Count * 2, log.Count(a => a.GetProperty("outcome").GetString() == "dead_lettered" && a.GetProperty("attempt").GetInt32() == 3));
        }
        Assert.All(failing.All, r => Assert.Equal(503, r.Status));
        // Each event was tried three times at the failing receiver, each time with its one webhook-id.
        Assert.All(failing.All.GroupBy(r => r.WebhookId), attempts => Assert.Equal(3, attempts.Count()));

        var listed = JsonDocument.Parse(await node.Operator.GetStringAsync("/admin/webhooks")).RootElement.GetProperty("webhooks").EnumerateArray()
            .ToDictionary(w => w.GetProperty("id").GetString()!, w => w.GetProperty("dead_letters").GetInt64());
        Assert.Equal(accounts.Count * 2, listed[failingId]);
        var metrics = PrometheusText.Parse(await node.Operator.GetStringAsync("/metrics"));
        Assert.Equal(accounts.Count * 2, metrics.Sum("chronicle_webhooks_deliveries_total", ("endpoint", failingId), ("outcome", "dead_lettered")));
        Assert.Equal(accounts.Count * 2 * 3, metrics.Sum("chronicle_webhooks_deliveries_total", ("endpoint", failingId), ("outcome", "failed")));
    }

    [Fact]
    public async Task A_429_or_503_with_retry_after_is_tried_again_when_the_receiver_asked_and_no_later_than_the_longest_delay()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var stack = await fixture.StartReadSideAsync("webhooks_retry_after", webhooks: TestNode.LoopbackWebhooks with
        {
            MaxAttempts = 5, FirstRetryDelayMilliseconds = 50, MaxRetryDelayMilliseconds = 4_000,
        });
        var node = stack.Node;
        await AdminHttp.RegisterWebhookAsync(node, receiver.Url, ["AccountCreated"]);

        // Asked for 2 s (the backoff alone would wait 50 ms), then for an hour (the longest delay is 4 s).
        foreach (var (account, status, retryAfter, least) in new[] { ("ra-0", 503, "2", 2.0), ("ra-1", 429, "3600", 4.0) })
        {
            receiver.AskFirstToRetryAfter(status, retryAfter);
            await node.CreateAccountAsync(account);
            var delivered = (await Eventually.Until(() => Task.FromResult(receiver.Accepted), got => got.Any(r => r.AccountId == account), Deadline,
                $"{account}'s creation delivered after its Retry-After")).Single(r => r.AccountId == account);
            var attempts = receiver.All.Where(r => r.WebhookId == delivered.WebhookId).ToList();
            Assert.Equal([status, 200], attempts.Select(r => r.Status));
            // The receiver's clock on both sides; a timer may fire a little early, never seconds late of its due.
            Assert.InRange((attempts[1].At - attempts[0].At).TotalSeconds, least - 0.1, least + 10);
        }
    }

    private static async Task DepositAsync(TestNode node, IReadOnlyList<string> accounts, int each) =>
        await Task.WhenAll(accounts.Select(async account =>
        {
            for (var d = 0; d < each; d++)
                Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = account, amount = "1.00" })).StatusCode);
        }));

    private static async Task<IReadOnlyList<(int Attempts, string Payload)>> DeadLettersAsync(ReadSide stack, string endpointId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(stack.ReadModel);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT attempts, payload FROM webhook_dead_letters WHERE endpoint_id = $1", connection)
        {
            Parameters = { new Npgsql.NpgsqlParameter { Value = endpointId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetInt32(0), reader.GetString(1)));
        return rows;
    }
}
