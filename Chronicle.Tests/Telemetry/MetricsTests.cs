using System.Net;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Telemetry;

/// <summary>GET /metrics on a real node with the whole read side: the format a scraper reads, and every family moving.</summary>
[Collection(LedgerCollection.Name)]
public sealed class MetricsTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Metrics_count_commands_by_outcome_and_time_persists_and_requests_in_prometheus_format()
    {
        await using var stack = await fixture.StartReadSideAsync("metrics");
        var node = stack.Node;
        // Counters are process-wide (other nodes of this test run count too): the test compares before and after.
        var before = await ScrapeAsync(node);

        await node.CreateAccountAsync("m-1", "100");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "m-1", amount = "5" }, $"m-dep-{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "m-1", amount = "5" }, "m-dep-0")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await node.PostAsync("/commands/withdraw", new { account_id = "m-1", amount = "1000" })).StatusCode);
        await node.CreateAccountAsync("m-2");
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/transfer", new { from_account_id = "m-1", to_account_id = "m-2", amount = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await node.PostAsync("/commands/transfer", new { from_account_id = "m-1", to_account_id = "m-nobody", amount = "1" })).StatusCode);

        var after = await Eventually.Until(() => ScrapeAsync(node),
            // The forwarder and projector gauges are sampled every few seconds: wait until they saw the four events
            // (the replay and the refusal write none).
            // A saga records its outcome (and counts it) just after it answered.
            m => m.Sum("chronicle_forwarder_events_total") >= 4 && m.Sum("chronicle_projector_pending") == 0
                 && m.Sum("chronicle_transfers_total") - before.Sum("chronicle_transfers_total") >= 2
                 && m.Matching("chronicle_projector_lag_seconds").Count() == 8 && m.Sum("chronicle_shards", ("type", "account")) >= 1,
            Deadline, "the forwarder and projector gauges caught up");

        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal("counter", after.Types["chronicle_commands_total"]);
        Assert.True(Moved("chronicle_commands_total", ("command", "create_account"), ("outcome", "accepted")) >= 1);
        Assert.True(Moved("chronicle_commands_total", ("command", "deposit_money"), ("outcome", "accepted")) >= 3);
        Assert.True(Moved("chronicle_commands_total", ("command", "deposit_money"), ("outcome", "replayed")) >= 1);
        Assert.True(Moved("chronicle_commands_total", ("command", "withdraw_money"), ("outcome", "rejected"), ("code", "insufficient_funds")) >= 1);
        Assert.True(Moved("chronicle_transfers_total", ("outcome", "completed")) >= 1);
        Assert.True(Moved("chronicle_transfers_total", ("outcome", "failed"), ("reason", "account_not_found")) >= 1);

        Assert.Equal("histogram", after.Types["chronicle_persist_duration_seconds"]);
        Assert.True(Moved("chronicle_persist_duration_seconds_count") >= 4, "four events persisted");
        Assert.True(Moved("chronicle_persist_duration_seconds_sum") > 0);

        Assert.Equal("histogram", after.Types["http_server_request_duration_seconds"]);
        Assert.True(Moved("http_server_request_duration_seconds_count", ("http_route", "/commands/deposit"), ("http_response_status_code", "201")) >= 4);
        Assert.True(Moved("http_server_request_duration_seconds_count", ("http_route", "/commands/withdraw"), ("http_response_status_code", "422")) >= 1);
        Assert.Empty(after.Matching("http_server_request_duration_seconds_count", ("http_route", "/metrics")));

        // The runtime's own: the bench reads the JIT's time to know a node is warm.
        Assert.Equal("counter", after.Types["dotnet_jit_compilation_time_seconds_total"]);
        Assert.True(after.Sum("dotnet_jit_compilation_time_seconds_total") > 0);
        Assert.True(after.Sum("dotnet_gc_collections_total") > 0);

        // Gauges of this node's singletons and cluster view (this test's node is the only one with them now).
        Assert.Equal(0, after.Sum("chronicle_forwarder_lag_seconds"));
        Assert.True(after.Sum("chronicle_forwarder_position") > 0);
        Assert.Equal(Enumerable.Range(0, 8).Select(p => p.ToString()),
            after.Matching("chronicle_projector_running").Where(s => s.Value == 1).Select(s => s.Labels["partition"]).Order());
        Assert.Equal(1, after.Sum("chronicle_cluster_members", ("status", "up"), ("role", "ledger")));
        Assert.Equal(0, after.Sum("chronicle_cluster_members", ("status", "down"), ("role", "ledger")));
        Assert.Equal(0, after.Sum("chronicle_cluster_unreachable_members"));
        Assert.True(after.Sum("chronicle_shard_entities", ("type", "account")) >= 1);
    }

    private static async Task<PrometheusText> ScrapeAsync(TestNode node)
    {
        var response = await node.Operator.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }
}
