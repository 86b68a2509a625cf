using System.Diagnostics;
using System.Threading.Channels;
using Akka.Event;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;
using DeadLetter = Chronicle.Projector.Projection.DeadLetter;

namespace Chronicle.Projector.Rebuild;

/// <summary>
/// A rebuild's first step, once the read model is emptied: every event the journal holds is applied straight from it, in
/// journal order, a page of <see cref="PageEvents"/> per read-model transaction, with the partitions' own fold
/// (<see cref="DeliveryFold"/>); then every partition's checkpoint is placed at <c>streamHead</c>, the stream's last
/// sequence read before the first page, and the partitions go on from there. Against projecting the whole stream it saves
/// NATS's delivery of every event and the many small transactions of eight partitions (docs/READ-MODEL.md, "Rebuild").
/// The appended tables' indexes are dropped for the load and built after it (<see cref="DeferredIndexes"/>).
/// <para>
/// Why nothing is lost or applied twice: the forwarder publishes an event only once the journal has committed it, so every
/// message up to <c>streamHead</c> is of an event committed before the first page was read, which every page sees. An
/// event that skips ahead of its entity's version (an earlier one committed after its page was read) is left unapplied,
/// with the entity's later events: they were published after <c>streamHead</c>, and the partitions apply them. What the
/// partitions are delivered and the load applied is skipped by the entity versions.
/// </para>
/// If the load fails part way, the partitions start from what it committed, once the projector group has built the
/// indexes again: checkpoints at 0, the stream from its beginning, what the pages applied skipped.
/// </summary>
/// <param name="pageEvents">Journal rows per page: <see cref="PageEvents"/> but in tests.</param>
internal sealed class JournalLoad(ReadModelStore store, JournalTable journal, ILoggingAdapter log, int pageEvents = JournalLoad.PageEvents)
{
    /// <summary>
    /// Journal rows per page and read-model transaction: ten times a partition's largest batch, so that a commit, the
    /// statements' round trip and the accounts' rows are paid once per ten thousand events; the page being written and
    /// the next one being read are all that is held in memory, with every account's state.
    /// </summary>
    public const int PageEvents = 10_000;

    /// <summary>Loads the journal as it stands and places the partitions at <paramref name="streamHead"/>; returns the events applied.</summary>
    public async Task<long> RunAsync(ulong streamHead, CancellationToken cancellationToken)
    {
        var journalHead = await journal.HeadAsync(cancellationToken);
        await DeferredIndexes.DeferAsync(store.DataSource, cancellationToken);
        // Three stages a page apart, each on its own thread: the journal read and decoded, the fold, the write. The fold
        // needs only the previous page's fold, so the node folds the next page while the read model takes this one.
        var decoded = Channel.CreateBounded<IReadOnlyList<FeedDelivery>>(1);
        var folded = Channel.CreateBounded<FoldedPage>(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Stage(decoded.Writer, pages => ReadAsync(journalHead, pages, stop.Token));
        var folding = Stage(folded.Writer, pages => FoldAsync(decoded.Reader, pages, stop.Token));
        long applied = 0;
        try
        {
            await foreach (var page in folded.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteAsync(page, cancellationToken);
                applied += page.Changes.Applied;
            }
        }
        finally
        {
            // A failed write leaves the other stages waiting to hand over their next page.
            await stop.CancelAsync();
            await Task.WhenAll(reading, folding);
        }
        var building = Stopwatch.StartNew();
        var restored = await DeferredIndexes.RestoreAsync(store.DataSource, cancellationToken);
        log.Info("rebuild: {0} events loaded, {1} indexes built again in {2:0.0} s", applied, restored, building.Elapsed.TotalSeconds);
        await store.PlaceCheckpointsAsync(streamHead, EventFeed.AllPartitions, cancellationToken);
        return applied;
    }

    /// <summary>Runs <paramref name="stage"/> on the thread pool; never fails: its failure completes <paramref name="output"/>, for the next stage to meet.</summary>
    private static Task Stage<T>(ChannelWriter<T> output, Func<ChannelWriter<T>, Task> stage) => Task.Run(async () =>
    {
        try
        {
            await stage(output);
            output.Complete();
        }
        catch (Exception e)
        {
            output.TryComplete(e);
        }
    });

    /// <summary>Each page folded on from the one before (<see cref="ReadModelChanges.Carried"/>), with the dead letters it makes.</summary>
    private async Task FoldAsync(ChannelReader<IReadOnlyList<FeedDelivery>> decoded, ChannelWriter<FoldedPage> folded, CancellationToken cancellationToken)
    {
        var held = new HashSet<(string Type, string Id)>();
        var rows = StartingRows.None;
        await foreach (var page in decoded.ReadAllAsync(cancellationToken))
        {
            var changes = new ReadModelChanges(rows);
            var fold = new DeliveryFold(changes, held, log, "rebuild");
            await fold.FoldAsync(page, LeaveToTheStream);
            // The page's rows before its accounts go on to the next page's fold, which changes them while this one is written.
            var entities = changes.EntityRows();
            rows = changes.Carried();
            await folded.WriteAsync(new FoldedPage(changes, entities, fold.Quarantined), cancellationToken);
        }
    }

    private static Task<IReadOnlyList<FeedEvent>?> LeaveToTheStream(FeedEvent e, long version) => Task.FromResult<IReadOnlyList<FeedEvent>?>(null);

    /// <summary>The journal's pages up to <paramref name="journalHead"/>, decoded.</summary>
    private async Task ReadAsync(long journalHead, ChannelWriter<IReadOnlyList<FeedDelivery>> pages, CancellationToken cancellationToken)
    {
        var decoder = new FeedEventDecoder();
        for (var after = 0L; after < journalHead;)
        {
            var rows = await journal.RowsAfterAsync(after, pageEvents, cancellationToken);
            if (rows.Count == 0) break;
            after = rows[^1].Ordering;
            var page = rows.Where(r => r.Ordering <= journalHead && !EventFeed.IsAkkaInternal(r.PersistenceId)).Select(decoder.FromJournal).ToList();
            await pages.WriteAsync(page, cancellationToken);
        }
    }

    /// <summary>One page: its rows, dead letters and counts in one transaction, holding every partition's lock as a partition's batch holds its own.</summary>
    private async Task WriteAsync(FoldedPage page, CancellationToken cancellationToken)
    {
        var changes = page.Changes;
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locks = new ReadBatch(connection, transaction))
        {
            foreach (var partition in EventFeed.AllPartitions) DeadLetterStore.AddLock(locks, partition);
            await locks.ExecuteAsync(cancellationToken);
        }
        await ReadModelCopy.AppendAsync(connection, changes, cancellationToken);
        await using var writes = new WriteBatch(connection, transaction);
        foreach (var letters in page.Quarantined.GroupBy(l => EventFeed.PartitionOf(l.EntityId)))
            DeadLetterStore.Add(writes, letters.Key, letters.ToList());
        ReadModelStore.AddEntityRows(writes, page.Entities);
        ReadModelStore.AddLoaded(writes, changes.Audit);
        await writes.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record FoldedPage(ReadModelChanges Changes, EntityRows Entities, List<DeadLetter> Quarantined);
}
