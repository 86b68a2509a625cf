using System.Net;
using Chronicle.Actors.Pipeline;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// Deposits into one account of their own until the feed's stream, kept small (<see cref="SmallStream"/>), has dropped a
/// given message: how a test puts a reader behind the stream's retention without writing gigabytes.
/// </summary>
public static class StreamFiller
{
    /// <summary>The least the stream may keep: about a thousand deposits' messages.</summary>
    public static ForwarderOptions SmallStream { get; } = new() { StreamMaxBytes = 1L << 20 };

    /// <summary>Deposits per batch, and the most batches written before the stream must have dropped the message.</summary>
    private const int BatchDeposits = 500;

    private const int MaxBatches = 20;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Waits until every ledger event of <paramref name="eventStore"/> is on the stream, then deposits (into
    /// <paramref name="account"/>, opened here) until the stream's first message is past the last of them.
    /// </summary>
    /// <returns>The stream sequence of the last of those events: what the stream no longer holds.</returns>
    public static async Task<ulong> DropAllSoFarAsync(TestNode node, string natsUrl, string eventStore, string account)
    {
        await using var probe = new EventFeedProbe(natsUrl, eventStore);
        var dropped = await OnStreamAsync(probe, eventStore);
        await node.CreateAccountAsync(account, "0");
        for (var batch = 0; (await probe.BoundsAsync()).First <= dropped; batch++)
        {
            Assert.True(batch < MaxBatches, $"the stream still holds message {dropped} after {batch * BatchDeposits} more deposits");
            var deposits = Enumerable.Range(0, BatchDeposits).Select(_ => new { type = "deposit", account_id = account, amount = "0.01" }).ToArray();
            Assert.Equal(HttpStatusCode.OK, (await node.PostAsync("/commands/batch", new { commands = deposits })).StatusCode);
            await OnStreamAsync(probe, eventStore);
        }
        return dropped;
    }

    /// <summary>Waits until the stream holds as many messages as the journal has ledger events (a fresh stream numbers them alike).</summary>
    private static async Task<ulong> OnStreamAsync(EventFeedProbe probe, string eventStore)
    {
        var journal = (ulong)(await JournalSql.LedgerOrderingsAsync(eventStore)).Count;
        await Eventually.Until(probe.BoundsAsync, bounds => bounds.Last >= journal, Deadline, $"the journal's {journal} ledger events on the stream");
        return journal;
    }
}
