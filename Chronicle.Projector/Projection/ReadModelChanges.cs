using System.Security.Cryptography;
using System.Text;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>
/// What one batch of feed events does to the read model, computed in memory before anything is
/// written: the entities' states folded forward with the ledger's own folds (AccountState.Apply,
/// TransferState.Apply, whose invariants check the feed as it goes: a balance that does not add up
/// fails the batch), and the rows to append. Pure: no I/O, so the tests drive it directly.
/// </summary>
public sealed class ReadModelChanges
{
    public const string AccountType = "account";
    public const string TransferType = "transfer";

    private readonly Dictionary<string, ProjectedAccount> _accounts;
    private readonly Dictionary<string, ProjectedTransfer> _transfers;
    private readonly HashSet<string> _changedAccounts = [];
    private readonly HashSet<string> _changedTransfers = [];

    /// <param name="accounts">The current rows of the accounts the batch touches (missing: not projected yet).</param>
    /// <param name="transfers">Likewise for transfers.</param>
    public ReadModelChanges(IReadOnlyDictionary<string, ProjectedAccount> accounts, IReadOnlyDictionary<string, ProjectedTransfer> transfers)
    {
        _accounts = new Dictionary<string, ProjectedAccount>(accounts);
        _transfers = new Dictionary<string, ProjectedTransfer>(transfers);
    }

    public List<TransactionRow> Transactions { get; } = [];

    public List<AuditRow> Audit { get; } = [];

    public IEnumerable<ProjectedAccount> ChangedAccounts => _changedAccounts.Select(id => _accounts[id]);

    public IEnumerable<ProjectedTransfer> ChangedTransfers => _changedTransfers.Select(id => _transfers[id]);

    /// <summary>Events applied (duplicates are never offered).</summary>
    public int Applied => Audit.Count;

    /// <summary>Whether the read model has rows for entities of this type (an unknown one's events cannot be applied).</summary>
    public static bool Projects(string entityType) => entityType is AccountType or TransferType;

    /// <summary>The last event of the entity already applied: 0 when it has none.</summary>
    public long VersionOf(string entityType, string entityId) => entityType switch
    {
        AccountType => _accounts.TryGetValue(entityId, out var account) ? account.State.Version : 0,
        TransferType => _transfers.TryGetValue(entityId, out var transfer) ? transfer.Version : 0,
        _ => throw new InvariantViolatedException($"the read model knows no entity type '{entityType}'"),
    };

    /// <summary>Applies the entity's next event: its sequence number must follow the entity's version exactly.</summary>
    public void Apply(FeedEvent e)
    {
        var version = VersionOf(e.EntityType, e.EntityId);
        Invariant.Require(e.SequenceNr == version + 1, $"{e.EntityType} {e.EntityId}: event {e.SequenceNr} applied at version {version}");
        var eventId = e.Event switch
        {
            IAccountEvent account when e.EntityType == AccountType => ApplyAccountEvent(e, account),
            ITransferEvent transfer when e.EntityType == TransferType => ApplyTransferEvent(e, transfer),
            _ => throw new InvariantViolatedException($"{e.EventType} is not an event of a {e.EntityType}"),
        };
        Audit.Add(new AuditRow(e.Ordering, eventId, e.EntityType, e.EntityId, e.SequenceNr, e.EventType, e.EventJson,
            OccurredAt(e.Event), e.WrittenAt));
    }

    private Guid ApplyAccountEvent(FeedEvent e, IAccountEvent @event)
    {
        var current = _accounts.TryGetValue(e.EntityId, out var row) ? row : new ProjectedAccount(AccountState.Initial(e.EntityId), 0);
        var state = current.State.Apply(@event);
        var movement = TransactionTypes.Of(@event);
        if (movement is var (type, amount, description, transferId))
            Transactions.Add(new TransactionRow(e.EntityId, state.Version, @event.EventId, type, amount, state.BalanceMinorUnits,
                state.CurrencyCode, description, transferId, @event.OccurredAt));
        _accounts[e.EntityId] = new ProjectedAccount(state, current.TransactionCount + (movement is null ? 0 : 1));
        _changedAccounts.Add(e.EntityId);
        return @event.EventId;
    }

    private Guid ApplyTransferEvent(FeedEvent e, ITransferEvent @event)
    {
        var current = _transfers.TryGetValue(e.EntityId, out var row) ? row.State : TransferState.Initial(e.EntityId);
        _transfers[e.EntityId] = new ProjectedTransfer(current.Apply(@event), e.SequenceNr);
        _changedTransfers.Add(e.EntityId);
        return NameBasedId($"{TransferType}-{e.EntityId}:{e.SequenceNr}");
    }

    private static DateTimeOffset OccurredAt(object @event) => @event switch
    {
        IAccountEvent a => a.OccurredAt,
        ITransferEvent t => t.OccurredAt,
        _ => throw new InvariantViolatedException($"{@event.GetType().Name} has no time"),
    };

    /// <summary>
    /// Saga events carry no id of their own: theirs is derived from the event's feed identity, so a
    /// rebuild gives every event the id it had before (RFC 9562 version 8: custom, from SHA-256).
    /// </summary>
    private static Guid NameBasedId(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
