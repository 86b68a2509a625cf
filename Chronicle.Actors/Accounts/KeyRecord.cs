using Akka.Actor;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Ids;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// The durable record of every account's keyed writes, for the moments an account's bounded memory cannot
/// answer (<see cref="Recall.Unknown"/>, a resent transfer step, a start from a snapshot): the journal itself,
/// searched by the tag each keyed event is written with (<see cref="IdempotencyTag"/>). One per actor system,
/// on the journal plugin's own connection string, so wherever accounts can be written their keys can be read.
/// </summary>
internal sealed class KeyRecord : IExtension
{
    private const string JournalConnectionStringPath = "akka.persistence.journal.sql.connection-string";

    private readonly JournalTable _journal;

    private KeyRecord(ExtendedActorSystem system)
    {
        _journal = JournalTable.Open(system.Settings.Config.GetString(JournalConnectionStringPath));
        system.WhenTerminated.ContinueWith(_ => _journal.Dispose(), TaskScheduler.Default);
    }

    public static KeyRecord For(ActorSystem system) => system.WithExtension<KeyRecord, Provider>();

    /// <summary>The write recorded under <paramref name="key"/>, on whichever account; null when the key was never used.</summary>
    public async Task<RememberedWrite?> FindAsync(string key, CancellationToken cancellationToken)
    {
        if (await _journal.FindTaggedAsync(IdempotencyTag.Of(key), cancellationToken) is not { } found) return null;
        var @event = (IAccountEvent)found.Event;
        Invariant.Require(@event.Idempotency?.Key == key, $"journal row {found.PersistenceId}#{found.SequenceNr} tagged for another key");
        return RememberedWrite.Of(@event, found.SequenceNr);
    }

    /// <summary>
    /// The keyed writes of <paramref name="accountId"/> up to <paramref name="upToVersion"/> and since
    /// <paramref name="since"/>, oldest first, at most <paramref name="limit"/> (the newest); Complete when
    /// that is all of them.
    /// </summary>
    public async Task<RecentKeys> RecentAsync(string accountId, long upToVersion, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var newestFirst = new List<(string Key, RememberedWrite Write)>();
        var complete = true;
        await foreach (var (sequenceNr, payload) in _journal.TaggedEventsBackwardsAsync(PersistenceIds.Account(accountId), upToVersion, limit + 1, cancellationToken))
        {
            var @event = (IAccountEvent)payload;
            if (@event.OccurredAt < since) break;
            if (newestFirst.Count == limit)
            {
                complete = false;
                break;
            }
            newestFirst.Add((@event.Idempotency!.Key, RememberedWrite.Of(@event, sequenceNr)!));
        }

        newestFirst.Reverse();
        return new RecentKeys(newestFirst, complete);
    }

    private sealed class Provider : ExtensionIdProvider<KeyRecord>
    {
        public override KeyRecord CreateExtension(ExtendedActorSystem system) => new(system);
    }
}

/// <summary>An account's keyed writes from the durable record, oldest first; <see cref="Complete"/> when none was left out.</summary>
internal sealed record RecentKeys(IReadOnlyList<(string Key, RememberedWrite Write)> OldestFirst, bool Complete);
