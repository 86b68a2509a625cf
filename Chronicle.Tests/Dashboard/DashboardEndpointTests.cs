using System.Net;
using System.Text.RegularExpressions;
using Chronicle.Contracts.Feed;
using Chronicle.Gateway.Dashboard;
using Chronicle.Tests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Chronicle.Tests.Dashboard;

/// <summary>The dashboard's routes over HTTP against a real node: the live stream, the stats, the account search, the page itself.</summary>
[Collection(LedgerCollection.Name)]
public sealed partial class DashboardEndpointTests(LedgerFixture fixture)
{
    [Fact]
    public async Task The_stream_carries_each_event_once_with_its_sequence_resumes_after_a_sequence_and_filters_by_account_and_type()
    {
        await using var stack = await fixture.StartReadSideAsync("dash_stream");
        var node = stack.Node;
        await node.CreateAccountAsync("s-a", "10.00");
        await node.CreateAccountAsync("s-b", "20", "JPY");
        for (var i = 1; i <= 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "s-a", amount = $"{i}.25" })).StatusCode);
        await LiveStream.WaitForFeedAsync(node, 5);

        var (ready, all) = await LiveStream.ReadAsync(node, "/events/stream?after=0", 5);
        Assert.Equal(1, ready.Int("from_sequence"));
        Assert.Equal(["1", "2", "3", "4", "5"], all.Select(e => e.Id));
        Assert.All(all, e => Assert.Equal(long.Parse(e.Id), e.Data.Int("sequence")));
        Assert.Equal(["AccountCreated", "AccountCreated", "MoneyDeposited", "MoneyDeposited", "MoneyDeposited"], all.Select(e => e.Data.Str("type")));
        var created = all.Single(e => e.Data.Str("account_id") == "s-b").Data;
        Assert.Equal(("20", "JPY", 1L, "account"), (created.Str("amount"), created.Str("currency"), created.Int("version"), created.Str("entity_type")));
        Assert.Equal([("1.25", 2L), ("2.25", 3L), ("3.25", 4L)],
            all.Where(e => e.Data.Str("type") == "MoneyDeposited").Select(e => (e.Data.Str("amount"), e.Data.Int("version"))));

        // Resuming: after a sequence, by the query or by the standard header, the next event is the one after it.
        Assert.Equal(["4", "5"], (await LiveStream.ReadAsync(node, "/events/stream?after=3", 2)).Events.Select(e => e.Id));
        Assert.Equal(["4", "5"], (await LiveStream.ReadAsync(node, "/events/stream", 2, lastEventId: "3")).Events.Select(e => e.Id));

        // Filters: one account (from its subject), one type.
        var onlyB = await LiveStream.ReadAsync(node, "/events/stream?after=0&account=s-b", 1);
        Assert.Equal(("2", "s-b"), (onlyB.Events[0].Id, onlyB.Events[0].Data.Str("account_id")));
        var deposits = await LiveStream.ReadAsync(node, "/events/stream?after=0&type=MoneyDeposited", 3);
        Assert.Equal(["3", "4", "5"], deposits.Events.Select(e => e.Id));

        // Live: a stream opened without a cursor starts with the feed's recent events, then brings what is written after.
        var live = await LiveStream.ReadAsync(node, "/events/stream?type=MoneyWithdrawn", 1, whenReady: async () =>
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = "s-a", amount = "0.50", description = "live" })).StatusCode));
        Assert.Equal(5, live.Ready.Int("last_sequence"));
        Assert.Equal(("6", "0.50", "live"), (live.Events[0].Id, live.Events[0].Data.Str("amount"), live.Events[0].Data.Str("detail")));

        // Each stream had a consumer of its own on the feed; none outlives its client.
        await Eventually.Until(() => LiveConsumersAsync(stack.Nats.Url), count => count == 0, TimeSpan.FromSeconds(30),
            "the live streams' consumers removed once their clients left");
    }

    private static async Task<int> LiveConsumersAsync(string natsUrl)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = natsUrl });
        var count = 0;
        await foreach (var name in new NatsJSContext(nats).ListConsumerNamesAsync(EventFeed.StreamName))
            if (name.StartsWith("dashboard-", StringComparison.Ordinal)) count++;
        return count;
    }

    [Theory]
    [InlineData("/events/stream?after=-1", "after")]
    [InlineData("/events/stream?account=not%20an%20id", "account")]
    [InlineData("/events/stream?type=MoneyPrinted", "type")]
    [InlineData("/events/stream?after=1&after=2", "after")]
    [InlineData("/events/stream?afterr=1", "afterr")]
    [InlineData("/accounts?prefix=a%2Fb", "prefix")]
    [InlineData("/accounts?limit=0", "limit")]
    public async Task Bad_parameters_are_a_400_naming_them(string path, string parameter)
    {
        var node = await fixture.SharedNodeAsync();
        var response = await node.Auditor.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(parameter, (await response.BodyAsync()).Str("detail"));
    }

    [Fact]
    public async Task A_malformed_Last_Event_ID_is_a_400()
    {
        var node = await fixture.SharedNodeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        var response = await node.Auditor.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Last-Event-ID", (await response.BodyAsync()).Str("detail"));
    }

    [Fact]
    public async Task Stats_sum_the_money_per_currency_and_report_the_event_rate_the_projection_and_the_members()
    {
        await using var stack = await fixture.StartReadSideAsync("dash_stats");
        var node = stack.Node;
        await node.CreateAccountAsync("t-1", "10.00");
        await node.CreateAccountAsync("t-2", "5.50");
        await node.CreateAccountAsync("t-3", "3.00", "EUR");
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/withdraw", new { account_id = "t-1", amount = "0.01" })).StatusCode);

        var stats = await Eventually.Until(async () => await (await node.Auditor.GetAsync("/stats")).BodyAsync(),
            // A part whose source is away (the read model busy on a loaded machine, say) is left out: wait for all of them.
            s => s.TryGetProperty("money", out var money) && money.ValueKind == System.Text.Json.JsonValueKind.Array
                 && s.Items("money").Select(m => m.Str("total")).SequenceEqual(["3.00", "15.49"])
                 && s.TryGetProperty("events", out var events) && events.Int("on_stream") == 4 && events.Items("history").Length > 0
                 && s.TryGetProperty("projection", out _),
            TimeSpan.FromSeconds(30), "stats showing every write");
        Assert.Equal("ok", stats.Str("read_model"));
        Assert.Equal([("EUR", 1L), ("USD", 2L)], stats.Items("money").Select(m => (m.Str("currency")!, m.Int("accounts"))));

        var projection = stats.GetProperty("projection");
        Assert.Equal(8, projection.Int("partitions"));
        Assert.True(projection.GetProperty("lag_ms").ValueKind == System.Text.Json.JsonValueKind.Number, projection.ToString());

        var cluster = stats.GetProperty("cluster");
        var member = Assert.Single(cluster.Items("members"));
        Assert.Equal(cluster.Str("self"), member.Str("address"));
        Assert.Equal("up", member.Str("status"));
        Assert.True(member.GetProperty("reachable").GetBoolean());
        Assert.Contains("ledger", member.Items("roles").Select(r => r.GetString()));
    }

    [Fact]
    public async Task Without_an_event_feed_the_stream_is_a_503_and_stats_say_what_they_lack()
    {
        await using var node = await fixture.StartNodeAsync("dash_no_feed");

        var stream = await node.Auditor.GetAsync("/events/stream");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stream.StatusCode);
        Assert.Contains("Chronicle__Nats", (await stream.BodyAsync()).Str("detail"));

        var stats = await (await node.Auditor.GetAsync("/stats")).BodyAsync();
        Assert.Equal("none", stats.Str("read_model"));
        Assert.False(stats.TryGetProperty("money", out _));
        Assert.False(stats.TryGetProperty("events", out _));
        Assert.False(stats.TryGetProperty("projection", out _));
        Assert.Equal("up", Assert.Single(stats.GetProperty("cluster").Items("members")).Str("status"));
    }

    [Fact]
    public async Task Account_search_finds_accounts_by_id_prefix_in_id_order()
    {
        await using var stack = await fixture.StartReadSideAsync("dash_search");
        var node = stack.Node;
        foreach (var id in new[] { "find-b", "find-a", "findx", "other" }) await node.CreateAccountAsync(id, "1.00");

        var found = await Eventually.Until(async () => await (await node.Auditor.GetAsync("/accounts?prefix=find-")).BodyAsync(),
            body => body.Items("accounts").Length == 2, TimeSpan.FromSeconds(30), "both find- accounts projected");
        Assert.Equal(["find-a", "find-b"], found.Items("accounts").Select(a => a.Str("account_id")));
        Assert.Equal("1.00", found.Items("accounts")[0].Str("balance"));
        Assert.Single((await (await node.Auditor.GetAsync("/accounts?prefix=find&limit=1")).BodyAsync()).Items("accounts"));
        Assert.Empty((await (await node.Auditor.GetAsync("/accounts?prefix=nobody")).BodyAsync()).Items("accounts"));
    }

    [GeneratedRegex("""(?:src|href)="([^"]+)"|from '\./([^']+)'""")]
    private static partial Regex References();

    [Fact]
    public async Task The_page_and_every_module_it_loads_come_from_the_node_under_a_policy_that_allows_nothing_else()
    {
        var node = await fixture.SharedNodeAsync();
        var page = await node.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = page.Header("Content-Security-Policy");
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("connect-src 'self'", policy);

        // Follow every reference from the page through the modules' imports: all served here, none elsewhere.
        var seen = new HashSet<string>();
        var pending = new Queue<string>(References().Matches(await page.Content.ReadAsStringAsync()).Select(Target));
        while (pending.TryDequeue(out var path))
        {
            if (path.StartsWith("data:", StringComparison.Ordinal) || !seen.Add(path)) continue;
            Assert.StartsWith("/dashboard/", path);
            var file = await node.Http.GetAsync(path);
            Assert.True(file.StatusCode == HttpStatusCode.OK, path);
            var text = await file.Content.ReadAsStringAsync();
            Assert.DoesNotContain("http://", text);
            Assert.DoesNotContain("https://", text);
            foreach (var reference in References().Matches(text).Select(Target)) pending.Enqueue(reference);
        }
        Assert.Contains("/dashboard/main.js", seen);
        Assert.Contains("/dashboard/sse.js", seen);
        Assert.Contains("/dashboard/dashboard.css", seen);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Http.GetAsync("/dashboard/nothing.js")).StatusCode);
    }

    [GeneratedRegex(@"const TYPES = \[([^\]]*)\]")]
    private static partial Regex TypeList();

    [Fact]
    public async Task The_pages_type_filter_offers_exactly_the_types_the_stream_takes()
    {
        var node = await fixture.SharedNodeAsync();
        var module = await node.Http.GetStringAsync("/dashboard/stream.js");
        var offered = Regex.Matches(TypeList().Match(module).Groups[1].Value, "'([A-Za-z]+)'").Select(m => m.Groups[1].Value);
        Assert.Equal(LiveEvents.Types, offered);
    }

    private static string Target(Match match) => match.Groups[1].Success ? match.Groups[1].Value : "/dashboard/" + match.Groups[2].Value;
}
