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

    /// <summary>The rebuild this node started is over: every partition caught up since (the node's own judgement).</summary>
    public static Task<JsonElement> RebuildDoneAsync(TestNode node, TimeSpan deadline) =>
        Eventually.Until(() => ProjectorAsync(node), report => !report.GetProperty("rebuild").GetProperty("in_progress").GetBoolean(),
            deadline, "rebuild caught up");
}
