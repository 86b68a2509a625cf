using Akka.Event;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Consumers;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// A partition whose checkpoint the stream's retention passed (<see cref="CheckpointExpiredException"/>) applies what it
/// missed straight from the journal: its entities' events with journal orderings from after the highest it applied
/// (<see cref="ReadModelStore.ReadJournalOrderingAsync"/>) to before the stream's first message, a page at a time, through
/// the group commit like its batches from the stream. Then its checkpoint is placed before the stream's first message and
/// it goes on from the stream.
/// <para>
/// Nothing is missed: the forwarder publishes in journal order, so every event the dropped messages carried lies between
/// the two orderings. Nothing is applied twice: the entity versions skip what is in. A catch-up cut short starts again from
/// its last page: each page moves the partition's journal ordering on and leaves its stream sequence where it was.
/// </para>
/// </summary>
/// <param name="pageRows">Journal rows per page: <see cref="PageRows"/> but in tests.</param>
internal sealed class JournalCatchUp(int partition, ProjectorOptions options, ReadModelStore store, GroupCommit commit, ILoggingAdapter log,
    int pageRows = JournalCatchUp.PageRows)
{
    /// <summary>Journal rows read per page: about one in <see cref="EventFeed.Partitions"/> is the partition's.</summary>
    public const int PageRows = 10_000;

    /// <returns>The partition's checkpoint now: the stream sequence before the stream's first message.</returns>
    public async Task<ulong> RunAsync(CheckpointExpiredException expired, CancellationToken cancellationToken)
    {
        var from = await store.ReadJournalOrderingAsync(partition, cancellationToken);
        log.Warning("projector partition {0}: applying its events of journal orderings {1} to {2} from the journal", partition, from + 1,
            expired.FirstOrdering - 1);
        await using var journal = JournalTable.Open(options.EventStoreConnectionString);
        var decoder = new FeedEventDecoder();
        long applied = 0;
        for (var after = from; after < expired.FirstOrdering - 1;)
        {
            var rows = await journal.RowsAfterAsync(after, pageRows, cancellationToken);
            if (rows.Count == 0) break;
            after = rows[^1].Ordering;
            // Left at the old checkpoint: the stream sequence moves only once the last page is in.
            var page = rows.Where(r => r.Ordering < expired.FirstOrdering && IsOwn(r.PersistenceId))
                .Select(r => decoder.FromJournal(r) with { StreamSequence = expired.Checkpoint })
                .ToList();
            if (page.Count > 0) applied += (await commit.ApplyAsync(partition, page, cancellationToken)).Applied;
        }
        var checkpoint = expired.FirstSequence - 1;
        await store.PlaceCheckpointsAsync(checkpoint, [partition], cancellationToken);
        log.Warning("projector partition {0}: {1} events applied from the journal; going on from stream message {2}", partition, applied,
            expired.FirstSequence);
        return checkpoint;
    }

    private bool IsOwn(string persistenceId) =>
        !EventFeed.IsAkkaInternal(persistenceId) && EventFeed.PartitionOf(EventFeed.EntityOf(persistenceId).Id) == partition;
}
