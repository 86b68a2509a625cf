using Akka.Event;
using Chronicle.Domain;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Applies one batch of a partition's feed events to the read model in one transaction, together
/// with the partition's checkpoint. Redelivered events (at or below an entity's version) are
/// skipped, so a batch applied and then delivered again changes nothing. An event that skips
/// ahead of its entity's version means the stream lost some: the missing ones are read from the
/// journal and applied first, in the same transaction.
/// <para>
/// A poison event goes to the dead letters instead of failing the batch, and its entity is held
/// (<see cref="DeliveryFold"/>). Database and NATS errors still fail the batch: they are outages, and retried.
/// </para>
/// </summary>
internal sealed class BatchApplier(int partition, ReadModelStore store, JournalEvents journal, ILoggingAdapter log)
{
    public async Task<BatchResult> ApplyAsync(IReadOnlyList<FeedDelivery> batch, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var events = batch.OfType<FeedEvent>().ToList();
        HashSet<(string Type, string Id)> held;
        Func<StartingRows> startingRows;
        await using (var reads = new ReadBatch(connection, transaction))
        {
            DeadLetterStore.AddLock(reads, partition);
            held = DeadLetterStore.AddHeld(reads, partition);
            startingRows = ReadModelStore.AddStartingRows(reads, AccountIdsOf(events));
            await reads.ExecuteAsync(cancellationToken);
        }
        var changes = new ReadModelChanges(startingRows());
        var fold = new DeliveryFold(changes, held, log, $"projector partition {partition}");
        await fold.FoldAsync(batch, async (e, version) =>
        {
            log.Warning("projector partition {0}: {1} {2} jumps from version {3} to {4}; repairing {5} event(s) from the journal",
                partition, e.EntityType, e.EntityId, version, e.SequenceNr, e.SequenceNr - version - 1);
            return await journal.ReadAsync(e.EntityType, e.EntityId, version + 1, e.SequenceNr - 1, cancellationToken);
        });

        var position = new BatchPosition(partition, batch[^1].StreamSequence, fold.GapsRepaired, events.Select(e => (DateTimeOffset?)e.WrittenAt).Max());
        await using var writes = new WriteBatch(connection, transaction);
        DeadLetterStore.Add(writes, partition, fold.Quarantined);
        ReadModelStore.AddRows(writes, changes);
        ReadModelStore.AddCheckpoint(writes, changes.Applied, position);
        await writes.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(position, batch.Count, changes.Applied);
    }

    private static List<string> AccountIdsOf(IReadOnlyList<FeedEvent> batch) =>
        batch.Where(e => e.EntityType == ReadModelChanges.AccountType).Select(e => e.EntityId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>A committed batch: where it ended, how many messages it had and how many events it applied (repairs included).</summary>
internal sealed record BatchResult(BatchPosition Position, int Messages, int Applied);
