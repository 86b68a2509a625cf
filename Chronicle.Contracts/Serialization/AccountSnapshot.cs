using Chronicle.Contracts.Accounts;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// The stored form of an <see cref="AccountState"/> snapshot: the ledger's plain fields, its open holds and transfers, and
/// the holds of other accounts pending towards it; no idempotency keys. (A v1 snapshot has no open transfers: they did
/// not live on accounts then; a v2 written before targets knew of holds has no <see cref="Incoming"/>: read as none; one
/// written before overdraft limits existed has no <see cref="OverdraftLimitMinorUnits"/>: read as 0.)
/// <see cref="ChainHead"/> is the hash of the last event the snapshot folds (docs/HASH-CHAIN.md): a recovery from it
/// continues the chain. Absent in snapshots written before events carried a hash, or while none of the account's had one.
/// <see cref="Metadata"/>: the account's labels; absent for none, as in every snapshot written before labels existed.
/// </summary>
internal sealed record AccountSnapshot(
    string AccountId,
    AccountStatus Status,
    string OwnerName,
    string CurrencyCode,
    long BalanceMinorUnits,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated,
    IReadOnlyList<OutgoingTransfer> Outgoing,
    IReadOnlyList<IncomingHold>? Incoming = null,
    long OverdraftLimitMinorUnits = 0,
    string? ChainHead = null,
    ClientMetadata? Metadata = null)
{
    public static AccountSnapshot From(AccountState s, string? chainHead = null) => new(
        s.AccountId, s.Status, s.OwnerName, s.CurrencyCode, s.BalanceMinorUnits, s.Version, s.CreatedAt, s.LastUpdated,
        s.Outgoing.Values.OrderBy(o => o.StartedAt).ThenBy(o => o.TransferId, StringComparer.Ordinal).ToList(),
        s.Incoming.Values.OrderBy(i => i.OpenedAt).ThenBy(i => i.TransferId, StringComparer.Ordinal).ToList(),
        s.OverdraftLimitMinorUnits, chainHead, s.Metadata);

    /// <summary>The open holds' and the pending holds' sums are not stored: they are the fold's, recomputed from the holds themselves.</summary>
    public AccountState ToState() =>
        new AccountState(AccountId, Status, OwnerName, CurrencyCode, BalanceMinorUnits, Version, CreatedAt, LastUpdated)
        {
            OverdraftLimitMinorUnits = OverdraftLimitMinorUnits,
            Metadata = Metadata,
        }.Restored(Outgoing ?? [], Incoming ?? []);
}

/// <summary>The wire form of <see cref="AccountStateReply"/> (a strong read answered across nodes).</summary>
internal sealed record StoredAccountStateReply(AccountSnapshot State);
