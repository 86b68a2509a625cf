using System.Net.Http.Json;
using System.Text.Json;

namespace Chronicle.Tests.Infrastructure;

/// <summary>The node's /admin routes as the tests call them: raw JSON, so the assertions read the wire names.</summary>
public static class AdminHttp
{
    public static async Task<JsonElement> ProjectorAsync(TestNode node)
    {
        var response = await node.Operator.GetAsync("/admin/projector");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> VerifyAsync(TestNode node, int settleSeconds)
    {
        var response = await node.Operator.PostAsync($"/admin/verify?settle_seconds={settleSeconds}", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Registers a webhook endpoint (201 asserted); its id and secret, as the answer gives them.</summary>
    public static async Task<(string Id, string Secret)> RegisterWebhookAsync(TestNode node, Uri url, string[] eventTypes, string? secret = null)
    {
        var response = await node.PostAsync("/admin/webhooks", secret is null ? new { url, event_types = eventTypes } : new { url, event_types = eventTypes, secret },
            caller: node.Operator);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"webhook not registered: {(int)response.StatusCode} {body}");
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>The dispatcher's own account of the endpoint's lane (the gauge), -1 while it reports none.</summary>
    public static async Task<double> WebhookLaneRunningAsync(TestNode node, string id)
    {
        var metrics = PrometheusText.Parse(await node.Operator.GetStringAsync("/metrics"));
        var samples = metrics.Matching("chronicle_webhooks_lane_running", ("endpoint", id)).ToList();
        return samples.Count == 0 ? -1 : samples.Single().Value;
    }

    /// <summary>The endpoint's delivery log, newest first.</summary>
    public static async Task<IReadOnlyList<JsonElement>> WebhookDeliveriesAsync(TestNode node, string id)
    {
        var response = await node.Operator.GetAsync($"/admin/webhooks/{id}/deliveries?limit=1000");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deliveries").EnumerateArray().ToList();
    }

    /// <summary>The rebuild this node started is over: every partition caught up since (the node's own judgement).</summary>
    public static Task<JsonElement> RebuildDoneAsync(TestNode node, TimeSpan deadline) =>
        Eventually.Until(() => ProjectorAsync(node), report => !report.GetProperty("rebuild").GetProperty("in_progress").GetBoolean(),
            deadline, "rebuild caught up");
}
