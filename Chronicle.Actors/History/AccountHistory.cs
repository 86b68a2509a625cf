using System.Data.Common;
using Akka.Actor;
using Akka.Persistence;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Ids;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

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
/// <item>the events after it are read in version order, a page at a time, and folded while they
///   occurred at or before T. The first later event ends the read: with a snapshot every N events
///   and pages of N, one query usually does.</item>
/// </list>
/// The events are read from the journal table with one plain query per page, not through the SQL
/// plugin's read journal or journal replay: those go through linq2db and an Akka stream materialized
/// per call, which measured four to five times the CPU of this query for the same ~500 events
/// (docs/ACCOUNTS.md, "Time travel").
/// </summary>
public sealed class AccountHistory : IAsyncDisposable
{
    private readonly IActorRef _snapshotStore;
    private readonly JournalTable _journal;
    private readonly int _pageSize;
    private readonly TimeSpan _timeout;

    /// <param name="eventStore">Npgsql connection string of the event store the actor system journals to.</param>
    /// <param name="pageSize">Events read per query: the snapshot interval, so that one query usually does.</param>
    /// <param name="timeout">How long one question may take before the event store is taken for unavailable.</param>
    public AccountHistory(ActorSystem system, string eventStore, int pageSize, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _snapshotStore = Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        _journal = JournalTable.Open(eventStore);
        _pageSize = pageSize;
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
            var persistenceId = PersistenceIds.Account(accountId);
            var state = await NearestSnapshotAsync(persistenceId, accountId, instant, deadline.Token);
            while (true)
            {
                var (next, complete) = await FoldPageAsync(persistenceId, state, instant, deadline.Token);
                if (complete) return next;
                state = next;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EventStoreUnavailableException($"the event store did not answer within {_timeout.TotalSeconds:0}s", null);
        }
        catch (DbException e)
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
                case LoadSnapshotResult { Snapshot.Snapshot: ChainedState { State: var state } } when state.LastUpdated <= instant:
                    return state;
                case LoadSnapshotResult { Snapshot: { Snapshot: ChainedState, Metadata.SequenceNr: var sequenceNr } }:
                    maxSequenceNr = sequenceNr - 1;
                    break;
                case LoadSnapshotFailed failed:
                    throw new EventStoreUnavailableException("the snapshot store failed: " + failed.Cause.Message, failed.Cause);
                default:
                    throw new InvalidOperationException($"unexpected snapshot answer for {persistenceId}: {answer}");
            }
        }
    }

    /// <summary>
    /// Folds the next page of events into <paramref name="state"/>. Complete when an event after the
    /// instant was met (the rest of the page is left unread) or the journal has no more.
    /// </summary>
    private async Task<(AccountState State, bool Complete)> FoldPageAsync(
        string persistenceId, AccountState state, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var rows = 0;
        await foreach (var (sequenceNr, payload) in _journal.EventsAfterAsync(persistenceId, state.Version, _pageSize, cancellationToken))
        {
            rows++;
            Invariant.Require(sequenceNr == state.Version + 1, $"{persistenceId} skips from version {state.Version} to {sequenceNr}");
            var @event = (IAccountEvent)payload;
            if (@event.OccurredAt > instant) return (state, true);
            state = state.Apply(@event);
        }
        return (state, rows < _pageSize);
    }

    public ValueTask DisposeAsync() => _journal.DisposeAsync();
}
