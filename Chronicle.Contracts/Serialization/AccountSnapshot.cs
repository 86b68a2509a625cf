using System.Collections.Immutable;
using Chronicle.Contracts.Accounts;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// The stored form of an <see cref="AccountState"/> snapshot: plain fields, with the remembered
/// idempotency keys as a list in the order they were first seen (the order forgetting follows).
/// </summary>
public sealed record AccountSnapshot(
    string AccountId,
    AccountStatus Status,
    string OwnerName,
    string CurrencyCode,
    long BalanceMinorUnits,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated,
    IReadOnlyList<RememberedKey> IdempotencyKeys)
{
    public static AccountSnapshot From(AccountState s) => new(
        s.AccountId, s.Status, s.OwnerName, s.CurrencyCode, s.BalanceMinorUnits, s.Version, s.CreatedAt, s.LastUpdated,
        s.Idempotency.OldestFirst.Select(key => new RememberedKey(key, s.Idempotency.ByKey[key])).ToList());

    public AccountState ToState()
    {
        var byKey = ImmutableDictionary.CreateBuilder<string, RememberedWrite>(StringComparer.Ordinal);
        foreach (var k in IdempotencyKeys) byKey.Add(k.Key, k.Write);
        var memory = new IdempotencyMemory(byKey.ToImmutable(), ImmutableQueue.CreateRange(IdempotencyKeys.Select(k => k.Key)), IdempotencyKeys.Count);
        return new AccountState(AccountId, Status, OwnerName, CurrencyCode, BalanceMinorUnits, Version, CreatedAt, LastUpdated, memory);
    }
}

public sealed record RememberedKey(string Key, RememberedWrite Write);

/// <summary>The wire form of <see cref="AccountStateReply"/> (a strong read answered across nodes).</summary>
public sealed record StoredAccountStateReply(AccountSnapshot State);
