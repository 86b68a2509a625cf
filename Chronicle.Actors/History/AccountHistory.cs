using System.Data.Common;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Settings;
using Chronicle.Contracts.Ids;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Npgsql;

namespace Chronicle.Actors.History;

/// <summary>
/// Time travel: an account as it stood at an instant, rebuilt from the event store (the journal and
/// snapshot tables), never from a read model.
///
/// The state as of T is the fold (<see cref="AccountState.Apply"/>) of the account's events, in
/// version order, that occurred at or before T. Event times never go backwards (AccountDecider), so
/// those events are a prefix of the journal and the fold may start from any snapshot whose last event
/// is at or before T instead of from version 1:
/// <list type="number">
/// <item>the snapshot table gives the latest snapshot saved at or before T (all are kept), one index probe;</item>
/// <item>the events after it are read in version order, a page at a time, and folded while they
///   occurred at or before T. The first later event ends the read: with a snapshot every N events
///   and pages of N, one query usually does.</item>
/// </list>
/// Both are plain queries (<see cref="SnapshotTable"/>, <see cref="JournalTable"/>), not the SQL plugin's
/// snapshot store, read journal or journal replay: those go through an actor, linq2db and (for events) an
/// Akka stream materialized per call, which measured four to five times the CPU of these queries for the
/// same ~500 events (docs/ACCOUNTS.md, "Time travel").
/// </summary>
public sealed class AccountHistory : IAsyncDisposable
{
    private readonly JournalTable _journal;
    private readonly SnapshotTable _snapshots;
    private readonly int _pageSize;
    private readonly TimeSpan _timeout;

    /// <param name="eventStore">Npgsql connection string of the event store the actor system journals to.</param>
    /// <param name="pageSize">Events read per query: the snapshot interval, so that one query usually does.</param>
    /// <param name="timeout">How long one question may take before the event store is taken for unavailable.</param>
    public AccountHistory(string eventStore, int pageSize, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var dataSource = Connect(eventStore);
        // One pool for both: the journal owns it and disposes it with itself.
        _journal = new JournalTable(dataSource);
        _snapshots = new SnapshotTable(dataSource);
        _pageSize = pageSize;
        _timeout = timeout;
    }

    /// <summary>Time travel's connections: generic plans keep its questions on the account's own keys (<see cref="DataSources.GenericPlans"/>).</summary>
    internal static NpgsqlDataSource Connect(string eventStore) => DataSources.Create(eventStore, DataSources.GenericPlans);

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
    /// The table is asked by the time a snapshot was saved, which follows its last event on the saving
    /// node's clock; an event may carry a later time than that clock (it is never stamped before the
    /// event it follows), so the snapshot's own last event time decides, and an earlier snapshot is
    /// taken when it is too late.
    /// </summary>
    private async Task<AccountState> NearestSnapshotAsync(string persistenceId, string accountId, DateTimeOffset instant, CancellationToken cancellationToken)
    {
        var maxSequenceNr = long.MaxValue;
        while (await _snapshots.LatestAsync(persistenceId, instant, maxSequenceNr, cancellationToken) is { } snapshot)
        {
            if (snapshot.State.LastUpdated <= instant) return snapshot.State;
            maxSequenceNr = snapshot.SequenceNr - 1;
        }
        return AccountState.Initial(accountId);
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
