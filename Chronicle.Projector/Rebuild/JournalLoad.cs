using System.Diagnostics;
using System.Threading.Channels;
using Akka.Event;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;
using Npgsql;
using DeadLetter = Chronicle.Projector.Projection.DeadLetter;

namespace Chronicle.Projector.Rebuild;

/// <summary>
/// A rebuild's first step, once the read model is emptied: every event the journal holds is applied straight from it, in
/// journal order, with the partitions' own fold (<see cref="DeliveryFold"/>): a page of <see cref="PageEvents"/> per
/// read-model transaction for the rows appended per event (and the transfers' rows), then every account's row once, as
/// the last page leaves it; then every partition's checkpoint is placed at <c>streamHead</c>, the stream's last
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
/// A load cut short leaves the read model partial (pages of audit rows whose accounts have no row yet) and its dropped
/// indexes recorded: the projector group, meeting those records, empties the read model and loads it again.
/// </summary>
/// <param name="pageEvents">Journal rows per page: <see cref="PageEvents"/> but in tests.</param>
internal sealed class JournalLoad(ReadModelStore store, JournalTable journal, ILoggingAdapter log, int pageEvents = JournalLoad.PageEvents)
{
    /// <summary>
    /// Journal rows per page and read-model transaction: ten times a partition's largest batch, so that a commit and the
    /// statements' round trip are paid once per ten thousand events; the page being written and the next one being read
    /// are all that is held in memory, with every account's state and the open transfers.
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
        EntityRows? entities = null;
        var folding = Stage(folded.Writer, async pages => entities = await FoldAsync(decoded.Reader, pages, stop.Token));
        long applied = 0;
        try
        {
            await foreach (var page in folded.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteAsync(page, cancellationToken);
                applied += page.Rows.Audit.Count;
            }
        }
        finally
        {
            // A failed write leaves the other stages waiting to hand over their next page.
            await stop.CancelAsync();
            await Task.WhenAll(reading, folding);
        }
        var writing = Stopwatch.StartNew();
        // The fold's channel ended without a failure: the fold stage ran to its end.
        await WriteEntitiesAsync(entities ?? throw new InvalidOperationException("the fold ended without the entities' rows"), cancellationToken);
        var accountsSeconds = writing.Elapsed.TotalSeconds;
        var restored = await DeferredIndexes.RestoreAsync(store.DataSource, cancellationToken);
        log.Info("rebuild: {0} events loaded; the accounts' rows written in {1:0.0} s, {2} indexes built again in {3:0.0} s",
            applied, accountsSeconds, restored, writing.Elapsed.TotalSeconds - accountsSeconds);
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

    /// <summary>
    /// Each page folded on in one <see cref="ReadModelChanges"/>, handed on with the dead letters it makes; the entities'
    /// rows, as the last page leaves them, once every page is handed on.
    /// </summary>
    private async Task<EntityRows> FoldAsync(ChannelReader<IReadOnlyList<FeedDelivery>> decoded, ChannelWriter<FoldedPage> folded, CancellationToken cancellationToken)
    {
        var held = new HashSet<(string Type, string Id)>();
        var changes = ReadModelChanges.Empty();
        await foreach (var page in decoded.ReadAllAsync(cancellationToken))
        {
            var fold = new DeliveryFold(changes, held, log, "rebuild");
            await fold.FoldAsync(page, LeaveToTheStream);
            await folded.WriteAsync(new FoldedPage(changes.TakePage(), fold.Quarantined), cancellationToken);
        }
        return changes.EntityRows();
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
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await LockedAsync(connection, cancellationToken);
        await ReadModelCopy.AppendAsync(connection, page.Rows, cancellationToken);
        await using var writes = new WriteBatch(connection, transaction);
        foreach (var letters in page.Quarantined.GroupBy(l => EventFeed.PartitionOf(l.EntityId)))
            DeadLetterStore.Add(writes, letters.Key, letters.ToList());
        ReadModelStore.AddTransfers(writes, page.Rows.Transfers);
        ReadModelStore.AddLoaded(writes, page.Rows.Audit);
        await writes.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The accounts' rows and their pending incoming holds as the load leaves them (and the transfers changed since the last
    /// page: none), in one transaction, <see cref="EntityChunk"/> rows a statement.
    /// </summary>
    private async Task WriteEntitiesAsync(EntityRows rows, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await LockedAsync(connection, cancellationToken);
        var chunks = new[] { rows.Accounts.Count, rows.Transfers.Count, rows.IncomingAdded.Count, rows.IncomingRemoved.Count }.Max();
        for (var start = 0; start < chunks; start += EntityChunk)
        {
            await using var writes = new WriteBatch(connection, transaction);
            ReadModelStore.AddEntityRows(writes, new EntityRows(Chunk(rows.Accounts, start), Chunk(rows.Transfers, start),
                Chunk(rows.IncomingAdded, start), Chunk(rows.IncomingRemoved, start)));
            await writes.ExecuteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Entity rows per statement at the load's end: arrays of a size a partition's batches already send.</summary>
    private const int EntityChunk = 10_000;

    private static List<T> Chunk<T>(List<T> rows, int start) => rows.GetRange(Math.Min(start, rows.Count), Math.Clamp(rows.Count - start, 0, EntityChunk));

    /// <summary>A transaction holding every partition's lock: what a partition's batch holds for its own.</summary>
    private static async Task<NpgsqlTransaction> LockedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var locks = new ReadBatch(connection, transaction);
        foreach (var partition in EventFeed.AllPartitions) DeadLetterStore.AddLock(locks, partition);
        await locks.ExecuteAsync(cancellationToken);
        return transaction;
    }

    private sealed record FoldedPage(PageRows Rows, List<DeadLetter> Quarantined);
}
