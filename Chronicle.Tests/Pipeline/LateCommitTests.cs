using Akka.Serialization;
using Chronicle.Actors.Serialization;
using Chronicle.Contracts.Ids;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using Npgsql;

namespace Chronicle.Tests.Pipeline;

/// <summary>
/// A journal row's ordering is taken at INSERT and becomes visible at COMMIT, so events that
/// commit later can show up above a hole. The read journal must wait for the hole rather than
/// skip it: tuned for low latency with its default retry count it gives up after about a second
/// (reproduced with Akka.Persistence.Sql), and the late event would never reach the feed.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class LateCommitTests(LedgerFixture fixture)
{
    /// <summary>Far longer than a low-latency read journal waits (query-delay 100 ms × 10 tries), well inside the feed's gap timeout.</summary>
    private static readonly TimeSpan LateCommitHold = TimeSpan.FromSeconds(6);

    private static readonly TimeSpan FeedDeadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task An_event_whose_transaction_commits_seconds_late_still_reaches_the_stream_in_journal_order()
    {
        await using var nats = await fixture.StartNatsAsync();
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("feed_late");
        await using var node = await TestNode.StartAsync(eventStore, natsUrl: nats.Url);
        await using var probe = new EventFeedProbe(nats.Url, eventStore);
        await FeedWorkload.WriteAsync(node, "early", accounts: 2, depositsEach: 3);
        await probe.AssertFeedEqualsJournalAsync(FeedDeadline);

        // The late writer: an INSERT into the journal in a transaction it keeps open.
        await using var connection = new NpgsqlConnection(eventStore);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var lateOrdering = await InsertAccountCreatedAsync(node, connection, transaction, "late");

        // Meanwhile later events commit through the API, above the late one's ordering.
        await FeedWorkload.WriteAsync(node, "meanwhile", accounts: 3, depositsEach: 5);
        var journal = await probe.ReadJournalAsync();
        Assert.True(journal[^1].Ordering > lateOrdering, "later events must sit above the open transaction's ordering");
        Assert.DoesNotContain(journal, row => row.Ordering == lateOrdering);

        // Not a synchronisation: the scenario itself, a transaction that stays open this long.
        await Task.Delay(LateCommitHold);
        await transaction.CommitAsync();

        // Every event once, in journal order: the late one in its place, nothing after it skipped.
        var feed = await probe.AssertFeedEqualsJournalAsync(FeedDeadline);
        var late = Assert.Single(feed, m => m.MsgId == "account-late:1");
        Assert.Equal(lateOrdering, late.Ordering);
        Assert.Equal("chronicle.events.account.1.late", late.Subject);
    }

    /// <summary>Inserts account-late's first event as the journal plugin would; returns the ordering it took.</summary>
    private static async Task<long> InsertAccountCreatedAsync(TestNode node, NpgsqlConnection connection, NpgsqlTransaction transaction, string accountId)
    {
        var created = new AccountCreated(accountId, Guid.CreateVersion7(), DateTimeOffset.UtcNow, "Late Owner", "USD", 10_00, null);
        var serializer = node.ActorSystem.Serialization.FindSerializerFor(created);
        Assert.Equal(LedgerSerializer.SerializerId, serializer.Identifier);
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            VALUES (@created, false, @pid, 1, @message, @manifest, @identifier, @writer)
            RETURNING ordering
            """, connection, transaction);
        insert.Parameters.AddWithValue("created", DateTime.UtcNow.Ticks);
        insert.Parameters.AddWithValue("pid", PersistenceIds.Account(accountId));
        insert.Parameters.AddWithValue("message", serializer.ToBinary(created));
        insert.Parameters.AddWithValue("manifest", Serialization.ManifestFor(serializer, created));
        insert.Parameters.AddWithValue("identifier", serializer.Identifier);
        insert.Parameters.AddWithValue("writer", Guid.NewGuid().ToString());
        return (long)(await insert.ExecuteScalarAsync())!;
    }
}
