using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Projector.Webhooks;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Webhooks;

/// <summary>
/// POST, GET and DELETE /admin/webhooks: what a registration may be, what the list shows (never a secret), the
/// limit on endpoints, and that a refused registration stores nothing. Private and loopback URLs: refused on a
/// node that does not allow them, at registration and again at delivery.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class WebhookRegistrationTests(LedgerFixture fixture)
{
    private const string Url = "http://127.0.0.1:9/hook";

    /// <summary>A body each, and the field its problem must name.</summary>
    private static readonly (string Body, string Field)[] BadRegistrations =
    [
        ("""{"event_types":["MoneyDeposited"]}""", "url"),
        ("""{"url":"not a url","event_types":["MoneyDeposited"]}""", "url"),
        ("""{"url":"/relative/hook","event_types":["MoneyDeposited"]}""", "url"),
        ("""{"url":"ftp://example.com/hook","event_types":["MoneyDeposited"]}""", "url"),
        ("""{"url":"http://user:pw@example.com/hook","event_types":["MoneyDeposited"]}""", "url"),
        ("""{"url":"https://example.com/hook#part","event_types":["MoneyDeposited"]}""", "url"),
        ($$"""{"url":"https://example.com/{{new string('a', 2100)}}","event_types":["MoneyDeposited"]}""", "url"),
        ("""{"url":"http://127.0.0.1:9/hook"}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":[]}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":"MoneyDeposited"}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":[1]}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyLaundered"]}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited.v1"]}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited","MoneyDeposited"]}""", "event_types"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited"],"secret":"hunter2"}""", "secret"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited"],"secret":"whsec_!!!!"}""", "secret"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited"],"secret":"whsec_AAAAAAAAAAAAAA=="}""", "secret"),
        ("""{"url":"http://127.0.0.1:9/hook","event_types":["MoneyDeposited"],"filter":"x"}""", "filter"),
    ];

    [Fact]
    public async Task Registrations_are_checked_listed_without_their_secrets_limited_and_deleted()
    {
        await using var stack = await fixture.StartReadSideAsync("webhooks_admin",
            webhooks: TestNode.LoopbackWebhooks with { MaxEndpoints = 2 });
        var node = stack.Node;

        foreach (var (body, field) in BadRegistrations)
        {
            var problem = await ProblemJson.AssertAsync(await node.PostRawAsync("/admin/webhooks", body, caller: node.Operator), 400, "validation_failed");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{body}: {problem}");
        }
        Assert.Equal(0, await EndpointRowsAsync(stack));

        // A secret given is kept as given; none given, one is made: "whsec_" and the base64 of 32 random bytes.
        var given = WebhookSecret.Generate();
        var (first, firstSecret) = await AdminHttp.RegisterWebhookAsync(node, new Uri(Url), ["MoneyDeposited"], given);
        Assert.Equal(given, firstSecret);
        var (second, secondSecret) = await AdminHttp.RegisterWebhookAsync(node, new Uri(Url), ["AccountCreated", "MoneyWithdrawn"]);
        Assert.Equal(32, Convert.FromBase64String(secondSecret["whsec_".Length..]).Length);

        var refused = await ProblemJson.AssertAsync(await node.PostAsync("/admin/webhooks", new { url = Url, event_types = new[] { "MoneyDeposited" } },
            caller: node.Operator), 400, "validation_failed");
        Assert.Contains("MaxEndpoints", refused.GetProperty("detail").GetString());
        Assert.Equal(2, await EndpointRowsAsync(stack));

        var listing = await node.Operator.GetStringAsync("/admin/webhooks");
        Assert.DoesNotContain(firstSecret["whsec_".Length..], listing);
        Assert.DoesNotContain(secondSecret["whsec_".Length..], listing);
        var webhooks = JsonDocument.Parse(listing).RootElement.GetProperty("webhooks").EnumerateArray().ToList();
        Assert.Equal([first, second], webhooks.Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(firstSecret[..10] + "…", webhooks[0].GetProperty("secret_hint").GetString());
        Assert.Equal(["AccountCreated", "MoneyWithdrawn"], webhooks[1].GetProperty("event_types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Url, webhooks[1].GetProperty("url").GetString());
        Assert.Equal(0, webhooks[1].GetProperty("dead_letters").GetInt64());

        Assert.Empty(await AdminHttp.WebhookDeliveriesAsync(node, first));
        await ProblemJson.AssertAsync(await node.Operator.GetAsync($"/admin/webhooks/{first}/deliveries?limit=0"), 400, "validation_failed");
        Assert.Equal(HttpStatusCode.NoContent, (await node.Operator.DeleteAsync($"/admin/webhooks/{first}")).StatusCode);
        await ProblemJson.AssertAsync(await node.Operator.DeleteAsync($"/admin/webhooks/{first}"), 404, "webhook_not_found");
        await ProblemJson.AssertAsync(await node.Operator.DeleteAsync("/admin/webhooks/nonsense"), 404, "webhook_not_found");
        await ProblemJson.AssertAsync(await node.Operator.GetAsync($"/admin/webhooks/{first}/deliveries"), 404, "webhook_not_found");

        // Room again for one.
        await AdminHttp.RegisterWebhookAsync(node, new Uri(Url), ["MoneyDeposited"]);
        Assert.Equal(2, await EndpointRowsAsync(stack));
    }

    [Fact]
    public async Task Private_and_loopback_urls_are_refused_unless_allowed_and_checked_again_at_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var options = new WebhookOptions { AllowPrivateAddresses = false, MaxAttempts = 2, FirstRetryDelayMilliseconds = 100 };
        await using var stack = await fixture.StartReadSideAsync("webhooks_private", webhooks: options);
        var node = stack.Node;

        foreach (var url in new[]
                 {
                     receiver.Url.ToString(), $"http://localhost:{receiver.Url.Port}/hook", "http://[::1]/hook", "http://10.1.2.3/hook",
                     "http://192.168.0.1/hook", "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/hook",
                     "https://[fd00::1]/hook", "http://app.localhost/hook",
                 })
        {
            var problem = await ProblemJson.AssertAsync(await node.PostAsync("/admin/webhooks", new { url, event_types = new[] { "MoneyDeposited" } },
                caller: node.Operator), 400, "validation_failed");
            Assert.Contains("AllowPrivateAddresses", problem.GetProperty("errors").GetProperty("url").GetString());
        }
        Assert.Equal(0, await EndpointRowsAsync(stack));

        // As if a name had resolved to a public address when it was registered and to loopback now (DNS rebinding): the
        // row is written as the registration would have written it, and the delivery refuses the address it would connect to.
        var id = WebhookEndpoint.NewId();
        await JournalSql.ExecuteAsync(stack.ReadModel,
            $"INSERT INTO webhook_endpoints (id, url, event_types, secret, checkpoint) VALUES ('{id}', '{receiver.Url}', '{{MoneyDeposited}}', '{WebhookSecret.Generate()}', 0)");
        await node.CreateAccountAsync("rebound", "1");
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "rebound", amount = "1.00" })).StatusCode);

        var attempts = await Eventually.Until(() => AdminHttp.WebhookDeliveriesAsync(node, id),
            rows => rows.Any(row => row.GetProperty("outcome").GetString() == "dead_lettered"), TimeSpan.FromSeconds(60), "the delivery refused and dead-lettered");
        Assert.All(attempts, attempt =>
        {
            Assert.False(attempt.TryGetProperty("status_code", out _));
            Assert.Contains("no public address", attempt.GetProperty("error").GetString());
        });
        Assert.Empty(receiver.All);
    }

    private static Task<long> EndpointRowsAsync(ReadSide stack) => ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM webhook_endpoints");
}
