namespace Chronicle.Domain.Accounts;

/// <summary>
/// A plain transfer's settlement (its target's credit is durable, the transfer no longer in flight) is the one write of
/// the transfer that nothing waits for: the client has its answer once the credit is durable, and a source that restarts
/// before the settlement is written sends the credit again and hears the same answer. So it need not cost a write of its
/// own. The source keeps the settlements it has decided, unwritten, and carries them on its next
/// <see cref="TransferSent"/> (<see cref="TransferSent.Settles"/>); what no transfer carries within a short delay is
/// written as <see cref="TransferSettled"/> events. Either way the fold ends the transfers alike, and <see cref="Of"/> is
/// how every reader of the journal learns which transfers an event settles.
/// </summary>
public static class Settlements
{
    /// <summary>The most settlements one event carries: bounds the event's size.</summary>
    public const int MaxCarried = 100;

    /// <summary>The transfers <paramref name="e"/> settles, with their targets' credits.</summary>
    public static IReadOnlyList<SettledTransfer> Of(IAccountEvent e) => e switch
    {
        TransferSettled settled => [new SettledTransfer(settled.TransferId, settled.CreditEventId)],
        TransferSent { Settles: { } carried } => carried,
        _ => [],
    };

    /// <summary>
    /// A waiting settlement written on its own, stamped <paramref name="now"/> but no earlier than the account's last event:
    /// an account's event times never go backwards, and other events may have been written since it was decided.
    /// </summary>
    public static TransferSettled WrittenAlone(TransferSettled waiting, AccountState state, DateTimeOffset now) =>
        waiting with { OccurredAt = TransferRules.Later(state, now) };

    /// <summary><paramref name="sent"/> carrying the waiting settlements (at most <see cref="MaxCarried"/>) in its <see cref="TransferSent.Settles"/>.</summary>
    public static TransferSent Carrying(TransferSent sent, IReadOnlyList<TransferSettled> waiting)
    {
        Invariant.Require(waiting.Count is > 0 and <= MaxCarried, $"{waiting.Count} settlements carried on one transfer");
        Invariant.Require(sent.Settles is null && waiting.All(s => s.AccountId == sent.AccountId && s.TransferId != sent.TransferId),
            $"transfer {sent.TransferId} of {sent.AccountId} carries settlements of itself, of another account's, or twice");
        return sent with { Settles = [.. waiting.Select(s => new SettledTransfer(s.TransferId, s.CreditEventId))] };
    }
}
