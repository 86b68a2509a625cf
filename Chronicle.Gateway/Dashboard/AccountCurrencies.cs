using System.Collections.Concurrent;
using Chronicle.Contracts.Accounts;
using Chronicle.Gateway.Commands;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// Each account's currency, for showing its events' amounts (which are in minor units, without the
/// currency). An account's currency never changes, so what is learnt is kept: from the account's
/// creation event when the stream carries it, otherwise asked of the account itself once.
/// </summary>
public sealed class AccountCurrencies(LedgerClient ledger)
{
    /// <summary>Bounds the memory: past this many accounts the cache starts over (and refills as events come).</summary>
    private const int MaxKept = 100_000;

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public void Learn(string accountId, string currencyCode)
    {
        // Count takes every lock of the dictionary: asked only when the account is new to it.
        if (!_known.ContainsKey(accountId) && _known.Count >= MaxKept) _known.Clear();
        _known[accountId] = currencyCode;
    }

    /// <summary>The account's currency code; null when the account cannot answer now (the event store is away).</summary>
    public async ValueTask<string?> FindAsync(string accountId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(accountId, out var known)) return known;
        if (await ledger.AskAsync(new GetAccountState(accountId), cancellationToken) is not AccountStateReply { State: { Exists: true } state })
            return null;
        Learn(accountId, state.CurrencyCode);
        return state.CurrencyCode;
    }
}
