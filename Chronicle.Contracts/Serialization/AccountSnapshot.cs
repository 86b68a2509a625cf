using Chronicle.Contracts.Accounts;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Serialization;

/// <summary>The stored form of an <see cref="AccountState"/> snapshot: the ledger's plain fields, no idempotency keys.</summary>
internal sealed record AccountSnapshot(
    string AccountId,
    AccountStatus Status,
    string OwnerName,
    string CurrencyCode,
    long BalanceMinorUnits,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated)
{
    public static AccountSnapshot From(AccountState s) => new(
        s.AccountId, s.Status, s.OwnerName, s.CurrencyCode, s.BalanceMinorUnits, s.Version, s.CreatedAt, s.LastUpdated);

    public AccountState ToState() =>
        new(AccountId, Status, OwnerName, CurrencyCode, BalanceMinorUnits, Version, CreatedAt, LastUpdated);
}

/// <summary>The wire form of <see cref="AccountStateReply"/> (a strong read answered across nodes).</summary>
internal sealed record StoredAccountStateReply(AccountSnapshot State);
