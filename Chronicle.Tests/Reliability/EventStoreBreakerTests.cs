using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Reliability;

/// <summary>
/// The event store's circuit breakers, as a node runs them. A recovery loads the account's snapshot before its events, so
/// the snapshot store's breaker must reopen as soon as the journal's: with Akka's defaults for it (open after 5 failures,
/// for 60 s) accounts stayed unrecoverable for a minute after an event-store failover had finished.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EventStoreBreakerTests(LedgerFixture fixture)
{
    [Fact]
    public async Task The_snapshot_store_fails_fast_and_comes_back_as_soon_as_the_journal()
    {
        await using var node = await fixture.StartNodeAsync("breakers");
        // An account's recovery starts the snapshot store, whose plugin adds its own defaults to the node's settings then.
        await node.CreateAccountAsync("breaker-1");
        var config = node.ActorSystem.Settings.Config;
        var journal = config.GetConfig("akka.persistence.journal.sql.circuit-breaker");
        // As the snapshot store reads its settings: its plugin's, then Akka's fallback for every snapshot store.
        var snapshots = config.GetConfig("akka.persistence.snapshot-store.sql")
            .WithFallback(config.GetConfig("akka.persistence.snapshot-store-plugin-fallback")).GetConfig("circuit-breaker");

        Assert.Equal(TimeSpan.FromSeconds(5), journal.GetTimeSpan("reset-timeout"));
        Assert.Equal(journal.GetTimeSpan("reset-timeout"), snapshots.GetTimeSpan("reset-timeout"));
        Assert.Equal(journal.GetInt("max-failures"), snapshots.GetInt("max-failures"));
        Assert.Equal(journal.GetTimeSpan("call-timeout"), snapshots.GetTimeSpan("call-timeout"));
    }
}
