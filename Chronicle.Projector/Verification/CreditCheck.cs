using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Projector.Verification;

/// <summary>
/// The other half of a transfer's row: its target's journal. A completed row names the credit its target
/// recorded; a failed, voided or expired transfer was credited nowhere; every credit is of a transfer its
/// source started. (The target's credit comes before the source's settlement, and a refused or released
/// transfer is never credited after, so a row's lag cannot make these differ.)
/// </summary>
internal sealed class CreditCheck
{
    private readonly Dictionary<string, TransferCredited> _credits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);

    public void Add(IReadOnlyList<IAccountEvent> history)
    {
        foreach (var e in history)
        {
            switch (e)
            {
                case TransferCredited credited: _credits[credited.TransferId] = credited; break;
                case TransferSent sent: _started.Add(sent.TransferId); break;
                case TransferHeld held: _started.Add(held.TransferId); break;
            }
        }
    }

    /// <param name="transfers">The transfer rows, as <see cref="EntityCheck.Transfers"/> read them.</param>
    public IEnumerable<Difference> Compare(IReadOnlyDictionary<string, (long Version, string[] Fields)> transfers)
    {
        var fields = EntityCheck.Transfers.FieldNames.ToList();
        int to = fields.IndexOf("to_account_id"), status = fields.IndexOf("status"), credit = fields.IndexOf("credit_event_id");
        foreach (var (transferId, row) in transfers)
        {
            var credited = _credits.GetValueOrDefault(transferId);
            var agree = row.Fields[status] switch
            {
                TransferStatuses.Completed => credited is not null && $"{credited.EventId}" == row.Fields[credit] && credited.AccountId == row.Fields[to],
                TransferStatuses.Failed or TransferStatuses.Voided or TransferStatuses.Expired => credited is null,
                _ => true, // In flight: credited or not yet.
            };
            if (!agree)
            {
                yield return new Difference(EntityCheck.Transfers.EntityType, transferId, $"credit on the target ({row.Fields[status]})",
                    row.Fields[credit] is "" ? "none" : $"{row.Fields[credit]} on {row.Fields[to]}",
                    credited is null ? "none" : $"{credited.EventId} on {credited.AccountId}");
            }
        }
        foreach (var (transferId, credited) in _credits.Where(c => !_started.Contains(c.Key)))
            yield return new Difference(EntityCheck.Transfers.EntityType, transferId, "existence", transfers.ContainsKey(transferId) ? "present" : "absent",
                $"credited to {credited.AccountId}, started by no account");
    }
}
