using System.Collections.Immutable;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>
/// What one batch of feed events does to the read model, computed in memory before anything is
/// written: the accounts' states folded forward with the ledger's own fold (AccountState.Apply, whose
/// invariants check the feed as it goes: a balance that does not add up fails the batch), the transfer
/// rows their source's events make (<see cref="TransferRowFold"/>), and the rows to append. Pure: no I/O,
/// so the tests drive it directly.
/// </summary>
public sealed class ReadModelChanges
{
    public const string AccountType = "account";

    private readonly Dictionary<string, ProjectedAccount> _accounts;

    /// <summary>The pending incoming holds of each account before its first event of the batch: what its incoming_holds rows are.</summary>
    private readonly Dictionary<string, ImmutableDictionary<string, IncomingHold>> _incomingBefore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProjectedTransfer> _transfers;
    private readonly HashSet<string> _changedAccounts = [];
    private readonly HashSet<string> _changedTransfers = [];

    /// <param name="rows">Taken over, not copied (<see cref="StartingRows"/>).</param>
    public ReadModelChanges(StartingRows rows)
    {
        _accounts = rows.Accounts;
        _transfers = rows.OpenTransfers;
    }

    public static ReadModelChanges Empty() => new(StartingRows.None);

    /// <summary>
    /// A rebuild's page (<see cref="Rebuild.JournalLoad"/>), taken so that the next page folds on in these same changes: the
    /// rows appended since the last page, and the transfers' rows changed since, as they are now. A transfer no longer
    /// open is let go: its row is final (only an open transfer's row changes, <see cref="StartingRows"/>). The accounts stay,
    /// to be written once the last page is folded (<see cref="EntityRows"/>).
    /// </summary>
    public PageRows TakePage()
    {
        var transfers = ChangedTransfers.ToList();
        foreach (var transfer in transfers.Where(t => !t.IsOpen)) _transfers.Remove(transfer.TransferId);
        _changedTransfers.Clear();
        var page = new PageRows(Audit, Transactions, transfers);
        Audit = [];
        Transactions = [];
        return page;
    }

    /// <summary>The entities' rows these changes changed, as they leave them, in lists of their own.</summary>
    public EntityRows EntityRows() => new(ChangedAccounts.ToList(), ChangedTransfers.ToList(), IncomingAdded.ToList(), IncomingRemoved.ToList());

    public List<TransactionRow> Transactions { get; private set; } = [];

    public List<AuditRow> Audit { get; private set; } = [];

    public IEnumerable<ProjectedAccount> ChangedAccounts => _changedAccounts.Select(id => _accounts[id]);

    public IEnumerable<ProjectedTransfer> ChangedTransfers => _changedTransfers.Select(id => _transfers[id]);

    /// <summary>The incoming_holds rows the batch adds: holds pending at its accounts now that were not before.</summary>
    private IEnumerable<(string AccountId, IncomingHold Hold)> IncomingAdded =>
        ChangedAccounts.SelectMany(a => a.State.Incoming.Values.Where(h => !LoadedIncoming(a.State.AccountId).ContainsKey(h.TransferId))
            .Select(h => (a.State.AccountId, h)));

    /// <summary>The incoming_holds rows the batch removes: holds pending before that are not any more.</summary>
    private IEnumerable<(string AccountId, string TransferId)> IncomingRemoved =>
        ChangedAccounts.SelectMany(a => LoadedIncoming(a.State.AccountId).Keys.Where(id => !a.State.Incoming.ContainsKey(id))
            .Select(id => (a.State.AccountId, id)));

    private ImmutableDictionary<string, IncomingHold> LoadedIncoming(string accountId) => _incomingBefore[accountId];

    /// <summary>Events applied (duplicates are never offered).</summary>
    public int Applied => Audit.Count;

    /// <summary>
    /// Whether the read model has rows for entities of this type: accounts only. Any other's events (a transfer
    /// saga's, from a journal written before transfers lived on accounts) cannot be applied.
    /// </summary>
    public static bool Projects(string entityType) => entityType == AccountType;

    /// <summary>The last event of the entity already applied: 0 when it has none.</summary>
    public long VersionOf(string entityType, string entityId)
    {
        Invariant.Require(Projects(entityType), $"the read model knows no entity type '{entityType}'");
        return _accounts.TryGetValue(entityId, out var account) ? account.State.Version : 0;
    }

    /// <summary>Applies the entity's next event: its sequence number must follow the entity's version exactly.</summary>
    public void Apply(FeedEvent e)
    {
        var version = VersionOf(e.EntityType, e.EntityId);
        Invariant.Require(e.SequenceNr == version + 1, $"{e.EntityType} {e.EntityId}: event {e.SequenceNr} applied at version {version}");
        if (e.Event is not IAccountEvent @event)
            throw new InvariantViolatedException($"{e.EventType} is not an event of an {e.EntityType}");

        var current = _accounts.TryGetValue(e.EntityId, out var row) ? row : new ProjectedAccount(AccountState.Initial(e.EntityId), 0);
        // Kept at the account's first event of the batch; one that fails its fold (poison) leaves the account unchanged.
        _incomingBefore.TryAdd(e.EntityId, current.State.Incoming);
        var state = current.State.Apply(@event);
        var movement = TransactionTypes.Of(@event, current.State);
        if (movement is var (type, amount, description, transferId, metadata))
            Transactions.Add(new TransactionRow(e.EntityId, state.Version, @event.EventId, type, amount, state.BalanceMinorUnits,
                state.CurrencyCode, description, transferId, @event.OccurredAt, metadata));
        foreach (var transferRow in TransferRowFold.Apply(_transfers.GetValueOrDefault, state, @event))
        {
            _transfers[transferRow.TransferId] = transferRow;
            _changedTransfers.Add(transferRow.TransferId);
        }
        _accounts[e.EntityId] = new ProjectedAccount(state, current.TransactionCount + (movement is null ? 0 : 1));
        _changedAccounts.Add(e.EntityId);
        Audit.Add(new AuditRow(e.Ordering, @event.EventId, e.EntityType, e.EntityId, e.SequenceNr, e.EventType, e.EventJson,
            @event.OccurredAt, e.WrittenAt));
    }
}
