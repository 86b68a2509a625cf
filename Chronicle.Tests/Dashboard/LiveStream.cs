using System.Net.ServerSentEvents;
using System.Text.Json;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Dashboard;

/// <summary>Reads GET /events/stream through the node's own client, as any server-sent-events client would.</summary>
public static class LiveStream
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits until the feed's stream exists and holds <paramref name="events"/> events (as /stats reports it):
    /// the forwarder creates the stream a moment after the node is ready, and until then the live stream is a 503.
    /// </summary>
    public static Task WaitForFeedAsync(TestNode node, long events) =>
        Eventually.Until(async () => await (await node.Auditor.GetAsync("/stats")).BodyAsync(),
            stats => stats.TryGetProperty("events", out var feed) && feed.GetProperty("on_stream").GetInt64() >= events,
            Deadline, $"the feed's stream holding {events} events");

    /// <summary>The stream's <c>ready</c> event and its first <paramref name="count"/> ledger events (id and JSON data), within the deadline.</summary>
    /// <param name="whenReady">Run once the stream is placed (after <c>ready</c>): writes whose events must come live.</param>
    public static async Task<(JsonElement Ready, List<(string Id, JsonElement Data)> Events)> ReadAsync(TestNode node, string path, int count,
        string? lastEventId = null, Func<Task>? whenReady = null)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var response = await OpenAsync(node, path, lastEventId, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        JsonElement? ready = null;
        var events = new List<(string Id, JsonElement Data)>();
        try
        {
            await foreach (var item in SseParser.Create(body).EnumerateAsync(deadline.Token))
            {
                if (item.EventType == "ready")
                {
                    Assert.Null(ready);
                    ready = JsonSerializer.Deserialize<JsonElement>(item.Data);
                    if (whenReady is not null) await whenReady();
                }
                else if (item.EventType == SseParser.EventTypeDefault)
                {
                    Assert.NotNull(ready);
                    events.Add((item.EventId!, JsonSerializer.Deserialize<JsonElement>(item.Data)));
                }
                if (events.Count == count) break;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{path}: {events.Count} of {count} events within {Deadline.TotalSeconds:0}s");
        }
        Assert.NotNull(ready);
        return (ready.Value, events);
    }

    /// <summary>The stream's response, its headers read and checked; its body is the caller's to read.</summary>
    public static async Task<HttpResponseMessage> OpenAsync(TestNode node, string path, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await node.Auditor.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return response;
    }
}
