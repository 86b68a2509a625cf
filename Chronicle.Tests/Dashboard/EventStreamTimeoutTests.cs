using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Chronicle.Gateway.Security;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Dashboard;

/// <summary>The live stream is meant to stay open for hours: the request timeout that bounds every other route must not cut it.</summary>
[Collection(LedgerCollection.Name)]
public sealed class EventStreamTimeoutTests(LedgerFixture fixture)
{
    [Fact]
    public async Task The_live_stream_stays_open_and_keeps_bringing_events_past_the_request_timeout()
    {
        // Short, so that the test outlives it in seconds; the default is 30 s.
        var timeout = TimeSpan.FromSeconds(2);
        await using var stack = await fixture.StartReadSideAsync("dash_stream_timeout", limits: new RequestLimits { RequestTimeout = timeout });
        var node = stack.Node;
        await node.CreateAccountAsync("held-open", "1.00");
        await LiveStream.WaitForFeedAsync(node, 1);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await LiveStream.OpenAsync(node, "/events/stream?account=held-open&after=1", null, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        await using var items = SseParser.Create(body).EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        var open = Stopwatch.StartNew();
        Assert.Equal("ready", (await NextAsync(items, open)).EventType);

        // One deposit after another, each seen on the stream before the next, until the stream has been open
        // twice the request timeout: it was not cut, and it still carries what is written.
        var version = 1;
        while (open.Elapsed < 2 * timeout)
        {
            Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "held-open", amount = "0.01" })).StatusCode);
            version++;
            SseItem<string> item;
            do item = await NextAsync(items, open);
            while (item.EventType != SseParser.EventTypeDefault);
            Assert.Equal(version, JsonSerializer.Deserialize<JsonElement>(item.Data).Int("version"));
        }
    }

    /// <summary>The stream's next item; its end, clean or cut mid-chunk, fails the test with how long it was open.</summary>
    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> items, Stopwatch open)
    {
        try
        {
            if (await items.MoveNextAsync()) return items.Current;
        }
        catch (HttpIOException e)
        {
            throw new Xunit.Sdk.XunitException($"the stream was cut after {open.Elapsed.TotalSeconds:0.0} s: {e.Message}");
        }
        throw new Xunit.Sdk.XunitException($"the stream ended after {open.Elapsed.TotalSeconds:0.0} s");
    }
}
