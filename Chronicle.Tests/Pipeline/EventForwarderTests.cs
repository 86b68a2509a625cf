using System.Globalization;
using System.Net;
using Chronicle.Contracts.Feed;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Pipeline;

/// <summary>The forwarder puts every journal event on the JetStream feed once, in journal order, and survives its own restarts.</summary>
[Collection(LedgerCollection.Name)]
public sealed class EventForwarderTests(LedgerFixture fixture)
{
    private static readonly TimeSpan FeedDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_journal_event_is_on_the_stream_once_in_journal_order_with_its_msg_id()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed");
        await using var node = await TestNode.StartAsync(eventStore, natsUrl: nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore);

        await FeedWorkload.WriteAsync(node, "feed", accounts: 5, depositsEach: 10);
        // A transfer: its events are on its accounts' streams, the sharding bookkeeping (/sharding/...) is not on the feed.
        var transfer = await node.PostAsync("/commands/transfer", new { from_account_id = "feed-0", to_account_id = "feed-1", amount = "5", transfer_id = "feed-t1" });
        Assert.Equal(HttpStatusCode.Created, transfer.StatusCode);

        var feed = await probe.AssertFeedEqualsJournalAsync(FeedDeadline);

        Assert.Contains(feed, m => m.Envelope.GetProperty("event_type").GetString() == "TransferSent.v1" && m.Envelope.GetProperty("entity_id").GetString() == "feed-0");
        Assert.Contains(feed, m => m.Envelope.GetProperty("event_type").GetString() == "TransferCredited.v1" && m.Envelope.GetProperty("entity_id").GetString() == "feed-1");
        var created = feed.First(m => m.MsgId == "account-feed-3:1");
        Assert.Equal("chronicle.events.account.1.feed-3", created.Subject);
        Assert.Equal("AccountCreated.v1", created.Envelope.GetProperty("event_type").GetString());
        Assert.Equal(("account", "feed-3"), (created.Envelope.GetProperty("entity_type").GetString(), created.Envelope.GetProperty("entity_id").GetString()));
        Assert.Equal("feed-3", created.Envelope.GetProperty("event").GetProperty("account_id").GetString());
        // An account's event carries its link in the account's hash chain, as the journal stores it (docs/HASH-CHAIN.md).
        Assert.Matches("^[0-9a-f]{64}$", created.Envelope.GetProperty("event").GetProperty("chain_hash").GetString());
        var writtenAt = DateTimeOffset.Parse(created.Envelope.GetProperty("written_at").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(writtenAt, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        // Per account: versions 1, 2, 3, ... in stream order.
        foreach (var account in feed.GroupBy(m => m.Envelope.GetProperty("persistence_id").GetString()))
            Assert.Equal(Enumerable.Range(1, account.Count()).Select(v => (long)v), account.Select(m => m.Envelope.GetProperty("sequence_nr").GetInt64()));
    }

    [Fact]
    public async Task A_restarted_forwarder_resumes_from_the_stream_and_a_republished_event_is_dropped()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed_restart");
        await using var probe = new EventFeedProbe(nats.Url, eventStore);

        await using (var first = await TestNode.StartAsync(eventStore, natsUrl: nats.Url))
        {
            await FeedWorkload.WriteAsync(first, "before", accounts: 3, depositsEach: 5);
            await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
        }

        // A new node (a new forwarder) on the same journal and stream: it starts from the stream's last message.
        await using var second = await TestNode.StartAsync(eventStore, natsUrl: nats.Url);
        await FeedWorkload.WriteAsync(second, "after", accounts: 3, depositsEach: 5);
        var feed = await probe.AssertFeedEqualsJournalAsync(FeedDeadline);

        // What a second forwarder re-publishing an event would send: JetStream drops it.
        var original = feed[3];
        var ack = await probe.PublishAsync(original.Subject, "{}"u8.ToArray(), original.MsgId);
        Assert.True(ack.Duplicate);
        Assert.Equal(original.StreamSequence, ack.Seq);
        Assert.Equal(feed.Count, await probe.CountAsync());

        // And the forwarder carries on after it, still one message per event.
        await FeedWorkload.WriteAsync(second, "later", accounts: 1, depositsEach: 2);
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
    }

    [Fact]
    public void The_subject_and_msg_id_scheme_is_the_documented_one()
    {
        // Partitions: FNV-1a 32 of the id's UTF-8 bytes mod 8, computed independently (Python) for these ids.
        Assert.Equal("chronicle.events.account.7.alice", EventFeed.SubjectFor("account-alice"));
        Assert.Equal("chronicle.events.account.5.a-b_c", EventFeed.SubjectFor("account-a-b_c"));
        Assert.Equal("chronicle.events.transfer.6.t1", EventFeed.SubjectFor("transfer-t1"));
        Assert.Equal("chronicle.events.*.7.*", EventFeed.PartitionFilter(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventFeed.PartitionFilter(EventFeed.Partitions));
        Assert.Equal("account-alice:7", EventFeed.MsgIdFor("account-alice", 7));
        Assert.True(EventFeed.IsAkkaInternal("/sharding/transferCoordinator"));
        Assert.Throws<InvalidOperationException>(() => EventFeed.SubjectFor("account-has.dot"));
        // Ids past the API's length or outside ASCII are hashed by their UTF-8 bytes all the same (Python: 5, 3).
        Assert.Equal((5, 3), (EventFeed.PartitionOf(new string('x', 300)), EventFeed.PartitionOf("é-ü")));
    }

    [Theory]
    [InlineData("account-alice", "account", "alice")]
    [InlineData("account-a-b_c", "account", "a-b_c")]
    [InlineData("ledger_v2-X9", "ledger_v2", "X9")]
    [InlineData("t-0123456789012345678901234567890123456789012345678901234567890123", "t", "0123456789012345678901234567890123456789012345678901234567890123")]
    public void A_persistence_id_names_its_entity(string persistenceId, string type, string id) =>
        Assert.Equal((type, id), EventFeed.EntityOf(persistenceId));

    [Theory]
    [InlineData("account")]
    [InlineData("account-")]
    [InlineData("-alice")]
    [InlineData("Account-alice")]
    [InlineData("1account-alice")]
    [InlineData("acc.ount-alice")]
    [InlineData("account-ali ce")]
    [InlineData("account-alice\n")]
    [InlineData("account-01234567890123456789012345678901234567890123456789012345678901234")]
    public void A_persistence_id_outside_the_scheme_is_refused(string persistenceId) =>
        Assert.Throws<InvalidOperationException>(() => EventFeed.EntityOf(persistenceId));
}
