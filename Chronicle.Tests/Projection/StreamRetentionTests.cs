using System.Net;
using Chronicle.Contracts.Feed;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Projection;

/// <summary>
/// The stream keeps at most Chronicle:Forwarder:StreamMaxBytes: beyond it the oldest messages go and the feed goes on. A
/// projector away while the stream dropped messages it had not applied gets their events from the journal when it comes
/// back, including those of accounts with no later event, which no message on the stream would bring back.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class StreamRetentionTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_projector_away_while_the_stream_dropped_its_messages_applies_their_events_from_the_journal()
    {
        var (eventStore, readModel, nats) = await fixture.CreateReadSideAsync("stream_retention");
        var readSide = new ReadSide(eventStore, readModel);
        await using (var first = await TestNode.StartAsync(eventStore, natsUrl: nats.Url, readModel: readModel, forwarder: StreamFiller.SmallStream))
        {
            await first.CreateAccountAsync("kept", "100");
            await readSide.AssertProjectedExactlyOnceAsync(Deadline);
        }

        // The projector away: accounts opened and paid into whose every message the stream then drops.
        var gone = Enumerable.Range(0, 2 * EventFeed.Partitions).Select(i => $"gone-{i}").ToList();
        await using (var ledgerOnly = await TestNode.StartAsync(eventStore, natsUrl: nats.Url, forwarder: StreamFiller.SmallStream))
        {
            foreach (var account in gone)
            {
                await ledgerOnly.CreateAccountAsync(account, "10");
                Assert.Equal(HttpStatusCode.Created, (await ledgerOnly.PostAsync("/commands/deposit", new { account_id = account, amount = "2.50" })).StatusCode);
            }
            await StreamFiller.DropAllSoFarAsync(ledgerOnly, nats.Url, eventStore, "filler");
            Assert.False((await ReadModelSql.AccountsAsync(readModel)).ContainsKey(gone[0]), "projected while the projector was away");
        }

        await using var back = await TestNode.StartAsync(eventStore, natsUrl: nats.Url, readModel: readModel, forwarder: StreamFiller.SmallStream);
        await readSide.AssertProjectedExactlyOnceAsync(Deadline);
        var accounts = await ReadModelSql.AccountsAsync(readModel);
        Assert.All(gone, account => Assert.Equal(new ReadModelAccount(account, 1250, "active", 2, 2), accounts[account]));
    }
}
