using System.Net;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Pipeline;
using Chronicle.Gateway;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Pipeline;

/// <summary>
/// A durable write is read from the journal at once, not at the forwarder's next poll: the journal writer tells the forwarder
/// (<see cref="JournalWrites"/>). With the poll ten minutes apart, every deposit is on the stream within seconds; without
/// the push, none would be before the poll.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ForwarderPushTests(LedgerFixture fixture)
{
    private const int PollIntervalMilliseconds = 600_000;

    /// <summary>Generous for a loaded machine, and still a sixtieth of the poll interval.</summary>
    private static readonly TimeSpan PushDeadline = TimeSpan.FromSeconds(10);

    /// <summary>The first event may wait for the forwarder to start (NATS, the stream); that start reads the journal too.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Each_deposit_is_on_the_stream_within_seconds_though_the_journal_is_polled_every_ten_minutes()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed_push");
        await using var node = await TestNode.StartAsync(new NodeSettings
        {
            Url = "http://127.0.0.1:0",
            Ledger = new LedgerOptions
            {
                EventStoreConnectionString = eventStore, Port = 0, SeedNodes = "", NatsUrl = nats.Url,
                Forwarder = new ForwarderOptions { PollIntervalMilliseconds = PollIntervalMilliseconds },
            },
        });
        await using var probe = new EventFeedProbe(nats.Url, eventStore);
        await node.CreateAccountAsync("push", "10");
        await probe.AssertFeedEqualsJournalAsync(StartDeadline);

        for (var i = 0; i < 3; i++)
        {
            var deposit = await node.PostAsync("/commands/deposit", new { account_id = "push", amount = "1.00" });
            Assert.Equal(HttpStatusCode.Created, deposit.StatusCode);
            var feed = await probe.AssertFeedEqualsJournalAsync(PushDeadline);
            Assert.Equal($"account-push:{i + 2}", feed[^1].MsgId);
        }
    }
}
