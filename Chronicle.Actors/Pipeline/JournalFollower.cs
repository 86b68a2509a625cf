using System.Runtime.CompilerServices;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// The journal's ledger events after a position, in journal order, as they commit: what the forwarder publishes.
/// It reads the journal when this node's journal writer says rows committed (<see cref="JournalWrites"/>), and at least
/// every <see cref="ForwarderOptions.PollInterval"/> for the writes of other nodes and for holes that time out; at once
/// again while a read comes back full (a backlog). No row is passed over while a transaction may still commit it
/// (<see cref="JournalGaps"/>).
/// </summary>
internal sealed class JournalFollower(JournalTable journal, JournalWrites writes, ForwarderOptions options)
{
    public async IAsyncEnumerable<FeedMessage> FollowAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var gaps = new JournalGaps(after, options.GapTimeout);
        var page = options.PublishBatchEvents;
        while (true)
        {
            var rows = await journal.RowsAfterAsync(gaps.After, page, cancellationToken);
            var released = gaps.Releasable(rows.ConvertAll(r => r.Ordering), DateTimeOffset.UtcNow);
            for (var i = 0; i < released; i++)
            {
                // Akka's own journal streams (sharding state) are not ledger events and not part of the feed.
                if (!EventFeed.IsAkkaInternal(rows[i].PersistenceId)) yield return FeedMessages.From(rows[i]);
            }
            if (released < page) await writes.WaitAsync(options.PollInterval, cancellationToken);
        }
    }
}
