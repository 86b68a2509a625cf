using Akka.Event;
using Chronicle.Domain;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>One partition's batch of feed deliveries, in stream order.</summary>
/// <param name="Cancellation">The partition's: once cancelled (the partition stopped), the batch must not commit.</param>
internal sealed record PartitionBatch(int Partition, IReadOnlyList<FeedDelivery> Deliveries, CancellationToken Cancellation = default);

/// <summary>
/// Applies batches of feed events, one or several partitions' (a group commit, <see cref="Partitions.GroupCommit"/>), to
/// the read model in one transaction, together with each partition's checkpoint. Redelivered events (at or below an
/// entity's version) are skipped, so a batch applied and then delivered again changes nothing. An event that skips
/// ahead of its entity's version means the stream lost some: the missing ones are read from the journal and applied
/// first, in the same transaction.
/// <para>
/// A poison event goes to its partition's dead letters instead of failing the batch, and its entity is held
/// (<see cref="DeliveryFold"/>). Database and NATS errors still fail the transaction: they are outages, and retried.
/// </para>
/// <para>
/// Partitions share nothing an entity's order depends on: an entity is in one partition, and a transfer's row, which
/// both its accounts' events change, is folded the same whichever comes first (as when their partitions commit apart).
/// So one fold serves all the batches, as it serves a rebuild's pages (<see cref="Rebuild.JournalLoad"/>).
/// </para>
/// </summary>
internal sealed class BatchApplier(ReadModelStore store, JournalEvents journal, ILoggingAdapter log)
{
    /// <returns>Each batch's result, in the order of <paramref name="batches"/>.</returns>
    public async Task<IReadOnlyList<BatchResult>> ApplyAsync(IReadOnlyList<PartitionBatch> batches, CancellationToken cancellationToken)
    {
        Invariant.Require(batches.Count > 0 && batches.All(b => b.Deliveries.Count > 0), "every batch applied has a delivery");
        Invariant.Require(batches.Select(b => b.Partition).Distinct().Count() == batches.Count, "one batch of a partition per transaction");
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locks in partition order: a rebuild's load takes them all in the same order, so no two writers deadlock.
        var ordered = batches.OrderBy(b => b.Partition).ToList();
        var held = new Dictionary<int, HashSet<(string Type, string Id)>>();
        Func<StartingRows> startingRows;
        await using (var reads = new ReadBatch(connection, transaction))
        {
            foreach (var batch in ordered)
            {
                DeadLetterStore.AddLock(reads, batch.Partition);
                held[batch.Partition] = DeadLetterStore.AddHeld(reads, batch.Partition);
            }
            startingRows = ReadModelStore.AddStartingRows(reads, AccountIdsOf(batches));
            await reads.ExecuteAsync(cancellationToken);
        }

        var changes = new ReadModelChanges(startingRows());
        var folded = new List<(PartitionBatch Batch, DeliveryFold Fold, int Applied)>();
        foreach (var batch in ordered)
        {
            var appliedBefore = changes.Applied;
            var fold = new DeliveryFold(changes, held[batch.Partition], log, $"projector partition {batch.Partition}");
            await fold.FoldAsync(batch.Deliveries, (e, version) => RepairAsync(batch.Partition, e, version, cancellationToken));
            folded.Add((batch, fold, changes.Applied - appliedBefore));
        }

        await using var writes = new WriteBatch(connection, transaction);
        ReadModelStore.AddRows(writes, changes);
        var results = new Dictionary<int, BatchResult>();
        foreach (var (batch, fold, applied) in folded)
        {
            var position = new BatchPosition(batch.Partition, batch.Deliveries[^1].StreamSequence, fold.GapsRepaired,
                batch.Deliveries.OfType<FeedEvent>().Select(e => (DateTimeOffset?)e.WrittenAt).Max(),
                batch.Deliveries.OfType<FeedEvent>().Select(e => e.Ordering).DefaultIfEmpty(0).Max());
            DeadLetterStore.Add(writes, batch.Partition, fold.Quarantined);
            ReadModelStore.AddCheckpoint(writes, applied, position);
            results[batch.Partition] = new BatchResult(position, applied);
        }
        await writes.ExecuteAsync(cancellationToken);
        // Last moment to withdraw: a partition that stopped by now gets nothing committed in its name (GroupCommit).
        foreach (var batch in batches) batch.Cancellation.ThrowIfCancellationRequested();
        await transaction.CommitAsync(cancellationToken);
        return batches.Select(b => results[b.Partition]).ToList();
    }

    private async Task<IReadOnlyList<FeedEvent>?> RepairAsync(int partition, FeedEvent e, long version, CancellationToken cancellationToken)
    {
        log.Warning("projector partition {0}: {1} {2} jumps from version {3} to {4}; repairing {5} event(s) from the journal",
            partition, e.EntityType, e.EntityId, version, e.SequenceNr, e.SequenceNr - version - 1);
        return await journal.ReadAsync(e.EntityType, e.EntityId, version + 1, e.SequenceNr - 1, cancellationToken);
    }

    private static List<string> AccountIdsOf(IEnumerable<PartitionBatch> batches) =>
        batches.SelectMany(b => b.Deliveries).OfType<FeedEvent>().Where(e => e.EntityType == ReadModelChanges.AccountType)
            .Select(e => e.EntityId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>A committed batch: where it ended and how many events it applied (repairs included).</summary>
/// <param name="Acknowledges">
/// Whether its partition acknowledges the stream up to it: false for a batch that shared its transaction with a later one
/// of its partition (<see cref="Partitions.GroupCommit"/>), whose acknowledgement covers both.
/// </param>
internal sealed record BatchResult(BatchPosition Position, int Applied, bool Acknowledges = true);
