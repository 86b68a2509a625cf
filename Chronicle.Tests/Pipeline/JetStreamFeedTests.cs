using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Feed;
using Chronicle.Tests.Infrastructure;
using NATS.Client.JetStream;

namespace Chronicle.Tests.Pipeline;

/// <summary>
/// The forwarder's publishing against a real nats-server: batches sent before the last is acknowledged land in the order
/// sent, and once the stream refuses a message (it holds one the forwarder did not expect) every message sent after it is
/// refused too, so nothing lands out of journal order; a stream past three quarters of its limit is trimmed to half.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class JetStreamFeedTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Batches_sent_before_the_last_is_acknowledged_land_in_the_order_sent()
    {
        await using var nats = await fixture.StartNatsAsync();
        await using var feed = await ConnectAsync(nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore: "");

        var first = await feed.SendAsync([Message(1), Message(2)], CancellationToken.None);
        var second = await feed.SendAsync([Message(3)], CancellationToken.None);
        var third = await feed.SendAsync([Message(4), Message(5)], CancellationToken.None);
        // Acknowledgements awaited last first: the order on the stream is the order sent.
        await third.AcknowledgedAsync(CancellationToken.None);
        await second.AcknowledgedAsync(CancellationToken.None);
        await first.AcknowledgedAsync(CancellationToken.None);

        Assert.Equal([1L, 2, 3, 4, 5], (await probe.ReadAllAsync()).Select(e => e.Ordering));
    }

    [Fact]
    public async Task Once_the_stream_refuses_a_message_every_one_sent_after_it_is_refused()
    {
        await using var nats = await fixture.StartNatsAsync();
        await using var feed = await ConnectAsync(nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore: "");
        await (await feed.SendAsync([Message(1)], CancellationToken.None)).AcknowledgedAsync(CancellationToken.None);

        // Another forwarder writes behind this one's back: the stream's last is no longer what this one expects.
        await using (var other = await ConnectAsync(nats.Url))
            await (await other.SendAsync([Message(2)], CancellationToken.None)).AcknowledgedAsync(CancellationToken.None);

        var refused = await feed.SendAsync([Message(3), Message(4)], CancellationToken.None);
        var after = await feed.SendAsync([Message(5)], CancellationToken.None);
        await Assert.ThrowsAsync<NatsJSApiException>(() => refused.AcknowledgedAsync(CancellationToken.None));
        await Assert.ThrowsAsync<NatsJSApiException>(() => after.AcknowledgedAsync(CancellationToken.None));

        Assert.Equal([1L, 2], (await probe.ReadAllAsync()).Select(e => e.Ordering));
    }

    [Fact]
    public async Task A_stream_past_three_quarters_of_its_limit_is_trimmed_to_about_half_its_newest_kept()
    {
        await using var nats = await fixture.StartNatsAsync();
        var limit = StreamFiller.SmallStream.StreamMaxBytes;
        await using var feed = await ConnectAsync(nats.Url, limit);
        await using var probe = new EventFeedProbe(nats.Url, eventStore: "");

        var sent = 0L;
        while ((await probe.BoundsAsync()).Bytes <= limit / 2)
            await (await feed.SendAsync(Enumerable.Range(1, 100).Select(i => Message(++sent)).ToList(), CancellationToken.None)).AcknowledgedAsync(CancellationToken.None);
        await feed.TrimAsync(CancellationToken.None);
        Assert.Equal((1UL, (ulong)sent), ((await probe.BoundsAsync()).First, (await probe.BoundsAsync()).Last));

        while ((await probe.BoundsAsync()).Bytes <= limit / 4 * 3)
            await (await feed.SendAsync(Enumerable.Range(1, 100).Select(i => Message(++sent)).ToList(), CancellationToken.None)).AcknowledgedAsync(CancellationToken.None);
        // Still under the limit: its own discard has dropped nothing yet.
        Assert.Equal(1UL, (await probe.BoundsAsync()).First);
        await feed.TrimAsync(CancellationToken.None);

        var trimmed = await probe.BoundsAsync();
        Assert.Equal((ulong)sent, trimmed.Last);
        // About half: the newest messages kept are a few bytes longer than the average (their numbers have more digits).
        Assert.InRange(trimmed.Bytes, limit / 2 - limit / 20, limit / 2 + limit / 20);
        Assert.Equal(sent, (await probe.ReadAllAsync()).Select(e => e.Ordering).Last());
    }

    private static async Task<JetStreamFeed> ConnectAsync(string natsUrl, long? streamMaxBytes = null)
    {
        var options = new ForwarderOptions { NatsUrl = natsUrl };
        if (streamMaxBytes is { } limit) options = options with { StreamMaxBytes = limit };
        var feed = await JetStreamFeed.ConnectAsync(options, CancellationToken.None);
        await feed.ReadPositionAsync(CancellationToken.None);
        return feed;
    }

    /// <summary>Event <paramref name="ordering"/> of its own account (version 1), as the forwarder would send it.</summary>
    private static FeedMessage Message(long ordering)
    {
        var persistenceId = $"account-feed-{ordering}";
        var (entityType, entityId) = EventFeed.EntityOf(persistenceId);
        var json = new FeedEnvelope(ordering, persistenceId, entityType, entityId, 1, "MoneyDeposited.v1", DateTimeOffset.UnixEpoch, "{}"u8.ToArray()).ToJson();
        return new FeedMessage(EventFeed.SubjectFor(persistenceId), EventFeed.MsgIdFor(persistenceId, 1), ordering, persistenceId, 1, "MoneyDeposited.v1", json);
    }
}
