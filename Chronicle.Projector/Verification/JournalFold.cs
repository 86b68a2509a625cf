using System.Globalization;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Projection;

namespace Chronicle.Projector.Verification;

/// <summary>
/// A read-model row as the journal makes it: <see cref="Version"/> is the journal's latest version of it (an
/// account's last event; a transfer's source's last event that changed it), <see cref="FieldsAt"/> its fields
/// as of a row's version, in its <see cref="EntityCheck"/>'s order (null: the journal has no such version of it).
/// </summary>
internal sealed record ExpectedRow(EntityCheck Check, string Id, long Version, Func<long, string[]?> FieldsAt);

/// <summary>
/// The rows one account's journal history makes, with the projector's own folds (the ledger's
/// <see cref="AccountState.Apply"/>, <see cref="TransactionTypes"/>, <see cref="TransferRowFold"/>): its
/// account_balance row and the rows of the transfers it is the source of.
/// </summary>
internal static class JournalFold
{
    public static IEnumerable<ExpectedRow> RowsOf(string accountId, IReadOnlyList<IAccountEvent> history)
    {
        yield return new ExpectedRow(EntityCheck.Accounts, accountId, history.Count, version => AccountAt(accountId, history, version));

        var state = AccountState.Initial(accountId);
        var rows = new Dictionary<string, ProjectedTransfer>(StringComparer.Ordinal);
        var versions = new Dictionary<string, List<(long Version, string[] Fields)>>(StringComparer.Ordinal);
        foreach (var e in history)
        {
            try
            {
                state = state.Apply(e);
                foreach (var row in TransferRowFold.Apply(rows.GetValueOrDefault, state, e).ToList())
                {
                    rows[row.TransferId] = row;
                    if (!versions.TryGetValue(row.TransferId, out var changes)) versions[row.TransferId] = changes = [];
                    changes.Add((row.SourceVersion, TransferFields(row)));
                }
            }
            catch (InvariantViolatedException)
            {
                // An event the folds refuse (a poison event, which the projector quarantined with its account held)
                // ends what the journal says of the account's transfers: their rows stop before it too. The account
                // row's own comparison, and the held entity, report it.
                break;
            }
        }
        foreach (var (transferId, changes) in versions)
        {
            yield return new ExpectedRow(EntityCheck.Transfers, transferId, changes[^1].Version,
                version => changes.Where(c => c.Version == version).Select(c => c.Fields).FirstOrDefault());
        }
    }

    /// <summary>The account folded from its first <paramref name="version"/> events (again: only a row's own version is asked).</summary>
    private static string[]? AccountAt(string accountId, IReadOnlyList<IAccountEvent> history, long version)
    {
        if (version < 1 || version > history.Count) return null;
        var state = AccountState.Initial(accountId);
        var transactions = 0L;
        foreach (var e in history.Take((int)version))
        {
            state = state.Apply(e);
            if (TransactionTypes.Of(e) is not null) transactions++;
        }
        return [Text(state.BalanceMinorUnits), Text(state.HeldMinorUnits), Text(state.PendingIncomingMinorUnits), state.Status.ToString().ToLowerInvariant(),
            Text(transactions), Text(state.OverdraftLimitMinorUnits), EntityCheck.MetadataText(state.Metadata)];
    }

    /// <summary>In <see cref="EntityCheck.Transfers"/>' order and form.</summary>
    private static string[] TransferFields(ProjectedTransfer row) =>
    [
        row.FromAccountId, row.ToAccountId, row.CurrencyCode, Text(row.AmountMinorUnits),
        row.PostedAmountMinorUnits is { } posted ? Text(posted) : "", row.Status,
        row.ExpiresAt is { } expires ? Text(expires.ToUnixTimeSeconds()) : "",
        row.CreditEventId?.ToString() ?? "", row.FailureReason ?? "", row.PendingAtTarget ? "true" : "false", EntityCheck.MetadataText(row.Metadata),
    ];

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
