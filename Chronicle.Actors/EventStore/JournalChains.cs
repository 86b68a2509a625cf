using System.Runtime.CompilerServices;
using Chronicle.Contracts.Admin;
using Chronicle.Contracts.Chain;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// Accounts' hash chains (docs/HASH-CHAIN.md) checked against the journal's rows, never the read model's: what
/// GET /accounts/{id}/verify-chain and POST /admin/verify-chain answer.
/// </summary>
public sealed class JournalChains(JournalTable journal)
{
    /// <summary>One account's chain; null when the journal holds no event of it.</summary>
    public async Task<ChainReport?> VerifyAsync(string accountId, CancellationToken cancellationToken)
    {
        await foreach (var report in VerifyEachAsync(accountId, cancellationToken)) return report;
        return null;
    }

    /// <summary>Every account's chain, one account at a time, in account id order; streamed.</summary>
    public IAsyncEnumerable<ChainReport> VerifyAllAsync(CancellationToken cancellationToken) => VerifyEachAsync(null, cancellationToken);

    private async IAsyncEnumerable<ChainReport> VerifyEachAsync(string? accountId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChainCheck? check = null;
        string? current = null;
        await foreach (var row in journal.AccountRowsAsync(accountId, cancellationToken))
        {
            if (row.AccountId != current)
            {
                if (check is not null) yield return check.Report();
                (current, check) = (row.AccountId, new ChainCheck(row.AccountId));
            }
            check!.Add(row.SequenceNr, row.Manifest, row.Payload);
        }
        if (check is not null) yield return check.Report();
    }
}
