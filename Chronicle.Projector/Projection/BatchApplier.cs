using Akka.Event;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Applies one batch of a partition's feed events to the read model in one transaction, together
/// with the partition's checkpoint. Redelivered events (at or below an entity's version) are
/// skipped, so a batch applied and then delivered again changes nothing. An event that skips
/// ahead of its entity's version means the stream lost some: the missing ones are read from the
/// journal and applied first, in the same transaction.
/// </summary>
internal sealed class BatchApplier(int partition, ReadModelStore store, JournalEvents journal, ILoggingAdapter log)
{
    public async Task<BatchResult> ApplyAsync(IReadOnlyList<FeedEvent> batch, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changes = new ReadModelChanges(
            await store.LoadAccountsAsync(connection, transaction, IdsOf(batch, ReadModelChanges.AccountType), cancellationToken),
            await store.LoadTransfersAsync(connection, transaction, IdsOf(batch, ReadModelChanges.TransferType), cancellationToken));

        var gapsRepaired = 0;
        foreach (var e in batch)
        {
            var version = changes.VersionOf(e.EntityType, e.EntityId);
            if (e.SequenceNr <= version) continue;
            if (e.SequenceNr > version + 1)
            {
                log.Warning("projector partition {0}: {1} {2} jumps from version {3} to {4}; repairing {5} event(s) from the journal",
                    partition, e.EntityType, e.EntityId, version, e.SequenceNr, e.SequenceNr - version - 1);
                foreach (var missing in await journal.ReadAsync(e.EntityType, e.EntityId, version + 1, e.SequenceNr - 1, cancellationToken))
                    changes.Apply(missing);
                gapsRepaired++;
            }
            changes.Apply(e);
        }

        var position = new BatchPosition(partition, batch[^1].StreamSequence, gapsRepaired, batch.Max(e => e.WrittenAt));
        await store.WriteAsync(connection, transaction, changes, position, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(position, batch.Count, changes.Applied);
    }

    private static List<string> IdsOf(IReadOnlyList<FeedEvent> batch, string entityType) =>
        batch.Where(e => e.EntityType == entityType).Select(e => e.EntityId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>A committed batch: where it ended, how many messages it had and how many events it applied (repairs included).</summary>
internal sealed record BatchResult(BatchPosition Position, int Messages, int Applied);
