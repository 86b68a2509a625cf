using System.Globalization;
using System.Net;
using Chronicle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chronicle.Tests.Reliability;

/// <summary>
/// The event store's primary lost during writes: a node on the replicated event store (three PostgreSQL
/// servers under Patroni, synchronous mode strict), deposits from clients that retry under their
/// Idempotency-Key, SIGKILL of the primary's PostgreSQL. Patroni promotes the synchronous replica, the
/// node's connections find it through the multi-host connection string, and the journal is the judge.
/// </summary>
public sealed class EventStoreFailoverTests(ITestOutputHelper output)
{
    /// <summary>Issue 15's target: from the kill to the first deposit acknowledged by the new primary.</summary>
    private static readonly TimeSpan WritesBackWithin = TimeSpan.FromSeconds(15);

    /// <summary>How long the test waits for anything at all; longer than the target, so a miss is measured rather than cut off.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>How much of the node's log a missed target shows: its write path's side of the failover.</summary>
    private const int NodeLogLines = 120;

    [Fact]
    public async Task Writes_come_back_on_the_promoted_synchronous_replica_with_no_acknowledged_deposit_lost_or_applied_twice()
    {
        await using var store = await ReplicatedEventStore.StartAsync();
        LogCapture? log = null;
        await using var node = await TestNode.StartAsync(store.ConnectionString, beforeStart: services => log = LogCapture.AttachTo(services));
        var accounts = Enumerable.Range(1, 12).Select(i => $"ha-{i}").ToList();
        foreach (var id in accounts) await node.CreateAccountAsync(id);

        await using var writes = new RetriedDeposits(node, accounts, workers: 4, keyPrefix: "ha");
        await Eventually.Until(() => Task.FromResult(writes.Acknowledged), n => n >= 100, Deadline, "100 deposits before the kill");
        var killed = await store.KillPrimaryAsync();
        // After the signals, not before: the primary is looked up first, and a deposit begun meanwhile may still be acknowledged by it.
        var killedAt = DateTimeOffset.UtcNow;
        var logBeforeKill = log!.Lines.Count;
        await using var roles = new RoleTimeline(store);

        var backAt = await Eventually.Until(() => Task.FromResult(writes.FirstAcknowledgedOfThoseBegunAfter(killedAt)), at => at is not null,
            Deadline, "a deposit begun after the kill acknowledged");
        var promoted = await Eventually.Until(store.PrimaryAsync, p => p is not null && p != killed, Deadline, "another member primary");
        var writesBack = backAt!.Value - killedAt;
        output.WriteLine($"killed {killed}'s PostgreSQL; {promoted} promoted; first deposit begun after the kill acknowledged {writesBack.TotalSeconds:0.0} s after it");
        output.WriteLine($"roles since the kill:\n{roles}");
        Assert.True(writesBack <= WritesBackWithin,
            $"writes came back {writesBack.TotalSeconds:0.0} s after the kill, not within {WritesBackWithin.TotalSeconds:0} s\n{roles}\n{store.LogTails(40)}\n" +
            $"the node's log since the kill (first {NodeLogLines} lines):\n{string.Concat(log.Lines.Skip(logBeforeKill).Take(NodeLogLines))}");

        // Every account written on the new primary, and the killed member back as a replica: commits are again on two servers.
        await Eventually.Until(() => Task.FromResult(accounts.Count(id => writes.LastAcknowledgedAt(id) > backAt)), n => n == accounts.Count,
            Deadline, "a deposit acknowledged to every account on the new primary");
        await store.AwaitReplicatingAsync(Deadline);
        var acknowledged = await writes.StopAsync();

        // Every acknowledged deposit is in the journal once, and nothing else is: the synchronous replica had
        // each acknowledged commit, and the tries that got no answer, retried under their key, applied once.
        var journalKeys = await JournalSql.IdempotencyKeysAsync(store.ConnectionString);
        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), journalKeys.Order(StringComparer.Ordinal));
        foreach (var id in accounts)
        {
            var expected = acknowledged.Values.Count(account => account == id).ToString("0.00", CultureInfo.InvariantCulture);
            var account = await (await node.Http.GetAsync($"/accounts/{id}?consistency=strong")).BodyAsync();
            Assert.Equal((id, expected), (id, account.Str("balance")));
            // Time travel reads the journal through a data source of its own: it found the new primary too.
            var history = await (await node.Auditor.GetAsync($"/accounts/{id}/balance-at?timestamp=2100-01-01T00:00:00Z")).BodyAsync();
            Assert.Equal((id, expected), (id, history.Str("balance")));
        }
        Assert.True(writes.FailedTries > 0, "the kill left no deposit unanswered: it did not test the failover");
        // The health monitor follows the primary too.
        using var probe = node.HttpWith(null);
        await Eventually.Until(async () => (await probe.GetAsync("/readyz")).StatusCode, s => s == HttpStatusCode.OK, Deadline, "/readyz 200 on the new primary");
    }
}
