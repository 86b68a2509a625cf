using System.Net;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>GET /admin/projector and POST /admin/verify against a real node, read model and NATS.</summary>
[Collection(LedgerCollection.Name)]
public sealed class AdminEndpointTests(LedgerFixture fixture)
{
    private static readonly TimeSpan ProjectionDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Projector_status_shows_every_partition_caught_up_with_the_stream()
    {
        await using var stack = await fixture.StartReadSideAsync("admin_status");
        await stack.Node.CreateAccountAsync("s-1", "10");
        await stack.Node.CreateAccountAsync("s-2", "20");
        Assert.Equal(HttpStatusCode.Created, (await stack.Node.PostAsync("/commands/deposit", new { account_id = "s-1", amount = "1" })).StatusCode);

        // Three ledger events: on the stream, and applied to the read model.
        var report = await Eventually.Until(() => AdminHttp.ProjectorAsync(stack.Node),
            r => r.GetProperty("caught_up").GetBoolean() && Totals(r, "events_in_read_model") == 3 && Totals(r, "events_on_stream") == 3,
            ProjectionDeadline, "projector caught up with three events");

        var partitions = report.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 8), partitions.Select(p => p.GetProperty("partition").GetInt32()));
        Assert.All(partitions, p =>
        {
            Assert.True(p.GetProperty("running").GetBoolean());
            Assert.Equal(0, p.GetProperty("pending").GetInt64());
            Assert.Equal(0, p.GetProperty("lag_ms").GetInt64());
        });
        Assert.Equal(3, partitions.Sum(p => p.GetProperty("events_applied").GetInt64()));
        Assert.Equal(8, report.GetProperty("totals").GetProperty("running").GetInt32());
        Assert.False(report.GetProperty("rebuild").GetProperty("in_progress").GetBoolean());
    }

    [Fact]
    public async Task Verify_reports_a_tampered_read_model_over_http_and_refuses_a_bad_settle_time()
    {
        await using var stack = await fixture.StartReadSideAsync("admin_verify");
        await stack.Node.CreateAccountAsync("v-1", "10");
        await stack.Node.CreateAccountAsync("v-2", "20");

        foreach (var settle in new[] { "-1", "601", "soon", "1.5" })
        {
            var refused = await stack.Node.Operator.PostAsync($"/admin/verify?settle_seconds={settle}", null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("settle_seconds", await refused.Content.ReadAsStringAsync());
        }

        var clean = await AdminHttp.VerifyAsync(stack.Node, settleSeconds: 60);
        Assert.True(clean.GetProperty("clean").GetBoolean(), clean.ToString());
        Assert.Equal(2, clean.GetProperty("entities_checked").GetInt64());
        Assert.Equal(2, clean.GetProperty("events_folded").GetInt64());
        Assert.Empty(clean.GetProperty("differences").EnumerateArray());

        await JournalSql.ExecuteAsync(stack.ReadModel, "UPDATE account_balance SET balance_minor_units = balance_minor_units + 1 WHERE account_id = 'v-1'");
        await ReadModelSql.InsertAccountNoEventMadeAsync(stack.ReadModel, "ghost");

        var tampered = await AdminHttp.VerifyAsync(stack.Node, settleSeconds: 1);
        Assert.False(tampered.GetProperty("clean").GetBoolean());
        Assert.Equal(2, tampered.GetProperty("differences_total").GetInt32());
        var differences = tampered.GetProperty("differences").EnumerateArray().ToList();
        Assert.Contains(differences, d => Is(d, "v-1", "balance_minor_units at version 1", "1001", "1000"));
        Assert.Contains(differences, d => Is(d, "ghost", "existence", "present", "absent"));
        Assert.DoesNotContain(differences, d => d.GetProperty("entity_id").GetString() == "v-2");
    }

    [Fact]
    public async Task Admin_routes_answer_503_on_a_node_without_a_projector()
    {
        var node = await fixture.SharedNodeAsync();
        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Get, "/admin/projector"),
                     new HttpRequestMessage(HttpMethod.Post, "/admin/verify"), new HttpRequestMessage(HttpMethod.Post, "/admin/rebuild") })
        {
            var response = await node.Operator.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("runs no projector", await response.Content.ReadAsStringAsync());
        }
    }

    private static long Totals(JsonElement report, string name) =>
        report.GetProperty("totals").TryGetProperty(name, out var value) ? value.GetInt64() : -1;

    private static bool Is(JsonElement difference, string id, string field, string readModel, string journal) =>
        difference.GetProperty("entity_id").GetString() == id && difference.GetProperty("field").GetString() == field
        && difference.GetProperty("read_model").GetString() == readModel && difference.GetProperty("journal").GetString() == journal;
}
