using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Contracts.Feed;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Pipeline;

/// <summary>
/// NATS is the part that may go away or come back with less than it acknowledged (nats-server 2.9
/// flushes every two minutes). Writes must not notice, and the feed must end up holding the whole
/// journal again, each event once.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class NatsCrashTests(LedgerFixture fixture)
{
    private static readonly TimeSpan FeedDeadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task After_a_crash_that_cut_the_streams_tail_the_forwarder_republishes_what_was_lost()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed_truncated");
        await using var node = await TestNode.StartAsync(eventStore, natsUrl: nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore);
        await FeedWorkload.WriteAsync(node, "cut", accounts: 4, depositsEach: 15);
        var acknowledged = (await probe.AssertFeedEqualsJournalAsync(FeedDeadline)).Count;

        await nats.KillAsync();
        nats.TruncateStream(EventFeed.StreamName, keepFraction: 0.5);
        await nats.RestartAsync();

        // The server really came back with less than it had acknowledged.
        Assert.InRange(nats.RestoredMessages(EventFeed.StreamName), 1, acknowledged - 1);
        // The running forwarder lost its connection: it starts over from what the stream now holds.
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
        // And forwards new events after the re-published ones.
        await FeedWorkload.WriteAsync(node, "cut-after", accounts: 2, depositsEach: 3);
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
    }

    [Fact]
    public async Task After_a_crash_that_lost_the_whole_store_the_forwarder_republishes_the_journal()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed_wiped");
        await using var node = await TestNode.StartAsync(eventStore, natsUrl: nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore);
        await FeedWorkload.WriteAsync(node, "wiped", accounts: 3, depositsEach: 10);
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);

        await nats.KillAsync();
        nats.WipeStore();
        await nats.RestartAsync();

        // No new write needed: the forwarder noticed the disconnect and rebuilt the stream from the journal.
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
    }

    [Fact]
    public async Task With_NATS_down_every_write_succeeds_and_the_backlog_drains_when_it_returns()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed_down");
        await using var node = await TestNode.StartAsync(eventStore, natsUrl: nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore);
        await FeedWorkload.WriteAsync(node, "up", accounts: 2, depositsEach: 5);
        var before = (await probe.AssertFeedEqualsJournalAsync(FeedDeadline)).Count;

        await nats.KillAsync();
        // Every write is 201 (asserted inside), and quickly: none waits for NATS.
        var started = DateTime.UtcNow;
        await FeedWorkload.WriteAsync(node, "down", accounts: 4, depositsEach: 10);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), $"writes took {DateTime.UtcNow - started} with NATS down");
        // The bus check is the node's last ping (BusMonitor): it tells the outage within a ping, and never makes the node unready.
        var readiness = await Eventually.Until(() => ReadinessAsync(node), r => r.Bus == "unreachable", FeedDeadline, "readyz reporting the bus unreachable");
        Assert.Equal(HttpStatusCode.OK, readiness.Status);
        Assert.Equal(before + 4 * 11, (await probe.ReadJournalAsync()).Count);

        await nats.RestartAsync();
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
        await Eventually.Until(() => ReadinessAsync(node), r => r.Bus == "ok", FeedDeadline, "readyz reporting the bus back");
    }

    private static async Task<(HttpStatusCode Status, string? Bus)> ReadinessAsync(TestNode node)
    {
        var readiness = await node.Http.GetAsync("/readyz");
        return (readiness.StatusCode, (await readiness.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("bus").GetString());
    }
}
