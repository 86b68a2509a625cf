using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// One write as a test sends it: alone to its route (<c>POST /commands/{type}</c>, the key as the Idempotency-Key
/// header), or as a command of a batch (the type and the key as fields beside the others).
/// </summary>
internal sealed record TestCommand(string Type, JsonObject Fields, string? Key = null)
{
    /// <param name="fields">An anonymous object of the body's fields, as <see cref="TestNode.PostAsync"/> takes one.</param>
    public static TestCommand Of(string type, object fields, string? key = null) =>
        new(type, JsonSerializer.SerializeToNode(fields)!.AsObject(), key);

    public Task<HttpResponseMessage> SendAloneAsync(TestNode node, HttpClient? caller = null) =>
        node.PostRawAsync("/commands/" + Type, Fields.ToJsonString(), Key, caller);

    public JsonObject AsBatchCommand()
    {
        var command = new JsonObject { ["type"] = Type };
        foreach (var (name, value) in Fields) command[name] = value?.DeepClone();
        if (Key is not null) command["idempotency_key"] = Key;
        return command;
    }

    /// <summary>POSTs the commands as one batch; returns the response as it came.</summary>
    public static Task<HttpResponseMessage> PostBatchAsync(TestNode node, IEnumerable<TestCommand> commands, HttpClient? caller = null) =>
        node.PostRawAsync("/commands/batch", new JsonObject { ["commands"] = new JsonArray([.. commands.Select(c => (JsonNode)c.AsBatchCommand())]) }.ToJsonString(),
            caller: caller);

    /// <summary>Sends a batch that must be answered 200; returns its results, one per command.</summary>
    public static async Task<JsonElement[]> BatchAsync(TestNode node, IEnumerable<TestCommand> commands, HttpClient? caller = null)
    {
        var list = commands.ToList();
        var response = await PostBatchAsync(node, list, caller);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"batch answered {(int)response.StatusCode}: {text}");
        var results = JsonDocument.Parse(text).RootElement.Items("results");
        Assert.Equal(list.Count, results.Length);
        return results;
    }
}
