using System.Data.Common;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Chronicle.Actors.Accounts;

namespace Chronicle.Actors.History;

/// <summary>
/// Time travel: an account as it stood at an instant, rebuilt from the event store (the journal and
/// snapshot store), never from a read model.
///
/// The state as of T is the fold (<see cref="AccountState.Apply"/>) of the account's events, in
/// version order, that occurred at or before T. Event times never go backwards (AccountDecider), so
/// those events are a prefix of the journal and the fold may start from any snapshot whose last event
/// is at or before T instead of from version 1:
/// <list type="number">
/// <item>the snapshot store gives the latest snapshot saved at or before T (all are kept);</item>
/// <item>the events after it are read in version order and folded while they occurred at or before T.
///   The first later event ends the read: the read journal fetches a stream in pages (its
///   max-buffer-size, 500 rows) and no further page is asked for once the fold stops.</item>
/// </list>
/// </summary>
public sealed class AccountHistory
{
    private readonly IActorRef _snapshotStore;
    private readonly Lazy<Task<SqlReadJournal>> _journal;
    private readonly IMaterializer _materializer;
    private readonly TimeSpan _timeout;

    /// <param name="timeout">How long one question may take before the event store is taken for unavailable.</param>
    public AccountHistory(ActorSystem system, TimeSpan timeout)
    {
        _snapshotStore = Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        // Off the caller's thread: the read journal's constructor blocks until the write journal is up.
        _journal = new Lazy<Task<SqlReadJournal>>(() =>
            Task.Run(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)));
        _materializer = system.Materializer(namePrefix: "account-history");
        _timeout = timeout;
    }

    /// <summary>
    /// The account as of <paramref name="instant"/>; not <see cref="AccountState.Exists"/> when it had not
    /// been created by then (or never was).
    /// </summary>
    /// <exception cref="EventStoreUnavailableException">The event store failed or did not answer in time.</exception>
    public async Task<AccountState> AsOfAsync(string accountId, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            var persistenceId = AccountActor.PersistenceIdFor(accountId);
            var start = await NearestSnapshotAsync(persistenceId, accountId, instant, deadline.Token);
            var journal = await _journal.Value.WaitAsync(deadline.Token);
            return await journal.CurrentEventsByPersistenceId(persistenceId, start.Version + 1, long.MaxValue)
                .Select(envelope => (IAccountEvent)envelope.Event)
                .TakeWhile(e => e.OccurredAt <= instant)
                .RunAggregate(start, (state, e) => state.Apply(e), _materializer)
                .WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EventStoreUnavailableException($"the event store did not answer within {_timeout.TotalSeconds:0}s", null);
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            throw new EventStoreUnavailableException("the event store failed: " + e.Message, e);
        }
    }

    /// <summary>
    /// The latest snapshot whose events all occurred at or before the instant, or the empty account.
    /// The store selects by the time a snapshot was saved, which follows its last event on the saving
    /// node's clock; an event may carry a later time than that clock (it is never stamped before the
    /// event it follows), so the snapshot's own last event time decides, and an earlier snapshot is
    /// taken when it is too late.
    /// </summary>
    private async Task<AccountState> NearestSnapshotAsync(string persistenceId, string accountId, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var maxSequenceNr = long.MaxValue;
        while (true)
        {
            var criteria = new SnapshotSelectionCriteria(maxSequenceNr, instant.UtcDateTime);
            var answer = await _snapshotStore.Ask<ISnapshotResponse>(new LoadSnapshot(persistenceId, criteria, long.MaxValue), cancellationToken);
            switch (answer)
            {
                case LoadSnapshotResult { Snapshot: null }:
                    return AccountState.Initial(accountId);
                case LoadSnapshotResult { Snapshot: { Snapshot: AccountState state } } when state.LastUpdated <= instant:
                    return state;
                case LoadSnapshotResult { Snapshot: { Snapshot: AccountState, Metadata.SequenceNr: var sequenceNr } }:
                    maxSequenceNr = sequenceNr - 1;
                    break;
                case LoadSnapshotFailed failed:
                    throw new EventStoreUnavailableException("the snapshot store failed: " + failed.Cause.Message, failed.Cause);
                default:
                    throw new InvalidOperationException($"unexpected snapshot answer for {persistenceId}: {answer}");
            }
        }
    }
}
