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
/// A poison event (undecodable, refused by the fold's invariants, of an entity type the read model
/// does not know) goes to the dead letters instead of failing the batch, and its entity is held:
/// its later events follow it there, so the entity stays in order while the rest of the partition
/// goes on. Database and NATS errors still fail the batch: they are outages, and retried.
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

        var gapsRepaired = 0;
        var quarantined = new List<DeadLetter>();
        foreach (var delivery in batch)
        {
            var entity = (delivery.EntityType, delivery.EntityId);
            if (delivery is not FeedEvent e)
            {
                Quarantine(DeadLetter.Of((UndecodableEvent)delivery));
                continue;
            }
            // A redelivery is skipped even for a held entity: what it was applied before stays applied.
            var version = ReadModelChanges.Projects(e.EntityType) ? changes.VersionOf(e.EntityType, e.EntityId) : 0;
            if (e.SequenceNr <= version) continue;
            if (held.Contains(entity))
            {
                quarantined.Add(DeadLetter.Held(e));
                continue;
            }
            var pending = new List<FeedEvent>();
            // An entity type the read model does not know has no history to repair: its event is quarantined below.
            if (e.SequenceNr > version + 1 && ReadModelChanges.Projects(e.EntityType))
            {
                log.Warning("projector partition {0}: {1} {2} jumps from version {3} to {4}; repairing {5} event(s) from the journal",
                    partition, e.EntityType, e.EntityId, version, e.SequenceNr, e.SequenceNr - version - 1);
                pending.AddRange(await journal.ReadAsync(e.EntityType, e.EntityId, version + 1, e.SequenceNr - 1, cancellationToken));
                gapsRepaired++;
            }
            pending.Add(e);
            foreach (var next in pending)
            {
                if (held.Contains(entity))
                {
                    quarantined.Add(DeadLetter.Held(next));
                    continue;
                }
                try
                {
                    changes.Apply(next);
                }
                catch (InvariantViolatedException poison)
                {
                    Quarantine(DeadLetter.Of(next, poison.Message));
                }
            }
        }

        var position = new BatchPosition(partition, batch[^1].StreamSequence, gapsRepaired, events.Select(e => (DateTimeOffset?)e.WrittenAt).Max());
        await using var writes = new WriteBatch(connection, transaction);
        DeadLetterStore.Add(writes, partition, quarantined);
        ReadModelStore.AddRows(writes, changes);
        ReadModelStore.AddCheckpoint(writes, changes.Applied, position);
        await writes.ExecuteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BatchResult(position, batch.Count, changes.Applied);

        void Quarantine(DeadLetter letter)
        {
            log.Error("projector partition {0}: {1} {2} event {3} quarantined, the entity held until a replay: {4}",
                partition, letter.EntityType, letter.EntityId, letter.SequenceNr?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?",
                letter.Error);
            quarantined.Add(letter);
            held.Add((letter.EntityType, letter.EntityId));
        }
    }

    private static List<string> AccountIdsOf(IReadOnlyList<FeedEvent> batch) =>
        batch.Where(e => e.EntityType == ReadModelChanges.AccountType).Select(e => e.EntityId).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>A committed batch: where it ended, how many messages it had and how many events it applied (repairs included).</summary>
internal sealed record BatchResult(BatchPosition Position, int Messages, int Applied);
