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

    /// <summary>Queries this record has made of the journal: a test's measure of how well lookups are batched.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    private long _queries;

    /// <summary>
    /// The writes recorded under <paramref name="keys"/>, on whichever account, in one query; a key never used
    /// is absent from the answer.
    /// </summary>
    public async Task<Dictionary<string, RememberedWrite>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        Invariant.Require(keys.Count is > 0 and <= MaxKeysPerQuery, $"{keys.Count} keys asked at once, 1 to {MaxKeysPerQuery} allowed");
        Interlocked.Increment(ref _queries);
        AccountMetrics.KeyRecordQueried();
        var byTag = keys.ToDictionary(IdempotencyTag.Of, StringComparer.Ordinal);
        var found = new Dictionary<string, RememberedWrite>(StringComparer.Ordinal);
        foreach (var row in await _journal.FindTaggedAsync(byTag.Keys, cancellationToken))
        {
            var @event = (IAccountEvent)row.Event;
            var key = @event.Idempotency?.Key;
            Invariant.Require(key is not null && byTag.ContainsKey(IdempotencyTag.Of(key)), $"journal row {row.PersistenceId}#{row.SequenceNr} tagged for a key not asked");
            found[key!] = RememberedWrite.Of(@event, row.SequenceNr)!;
        }
        return found;
    }

    /// <summary>The most keys one query asks (an explicit bound on the query's size and on what an account holds of the answer).</summary>
    public const int MaxKeysPerQuery = 1_000;

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
