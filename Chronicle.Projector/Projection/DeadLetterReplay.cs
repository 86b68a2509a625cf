using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Event;
using Chronicle.Domain;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Applies the held entities' events again, after a fix (a repaired journal row, a build that knows a
/// new event type): each entity's events after its read-model version are read from the journal (the
/// truth, whatever the stream carried) and applied in order, in one transaction that also releases
/// it from the dead letters. An entity whose events still cannot be applied stays held, with the reason.
/// Each entity's transaction holds its partition's lock, so no batch of the partition runs meanwhile.
/// </summary>
internal sealed class DeadLetterReplay(ReadModelStore store, JournalEvents journal, ILoggingAdapter log)
{
    /// <param name="entity">Only this entity; every held entity when null.</param>
    public async Task<IReadOnlyList<ReplayOutcome>> ReplayAsync((string Type, string Id)? entity, CancellationToken cancellationToken)
    {
        var outcomes = new List<ReplayOutcome>();
        foreach (var held in await store.DeadLetters.HeldEntitiesAsync(entity, cancellationToken))
            outcomes.Add(await ReplayAsync(held, cancellationToken));
        return outcomes;
    }

    private async Task<ReplayOutcome> ReplayAsync(HeldEntity held, CancellationToken cancellationToken)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Func<StartingRows> startingRows;
        await using (var reads = new ReadBatch(connection, transaction))
        {
            DeadLetterStore.AddLock(reads, held.Partition);
            // An entity of a type the read model does not know stays held: VersionOf refuses it.
            startingRows = ReadModelStore.AddStartingRows(reads, held.EntityType == ReadModelChanges.AccountType ? [held.EntityId] : []);
            await reads.ExecuteAsync(cancellationToken);
        }
        try
        {
            var changes = new ReadModelChanges(startingRows());
            // Read under the lock: the version no batch can move until this commits.
            var from = changes.VersionOf(held.EntityType, held.EntityId) + 1;
            foreach (var e in await journal.ReadAsync(held.EntityType, held.EntityId, from, long.MaxValue, cancellationToken))
                changes.Apply(e);
            await using var writes = new WriteBatch(connection, transaction);
            ReadModelStore.AddRows(writes, changes);
            ReadModelStore.AddAppliedCount(writes, held.Partition, changes.Applied);
            DeadLetterStore.AddRemoval(writes, held.EntityType, held.EntityId);
            await writes.ExecuteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            log.Info("projector: {0} {1} replayed from the journal ({2} event(s) applied) and released", held.EntityType, held.EntityId, changes.Applied);
            return new ReplayOutcome(held.EntityType, held.EntityId, true, changes.Applied, null);
        }
        catch (Exception e) when (e is InvariantViolatedException or SerializationException or JsonException)
        {
            log.Warning("projector: {0} {1} still cannot be applied, stays held: {2}", held.EntityType, held.EntityId, e.Message);
            return new ReplayOutcome(held.EntityType, held.EntityId, false, 0, e.Message);
        }
    }
}

/// <summary>One held entity after a replay: released (its events applied), or still held and why.</summary>
public sealed record ReplayOutcome(string EntityType, string EntityId, bool Released, int EventsApplied, string? Error);
