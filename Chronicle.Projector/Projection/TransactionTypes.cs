using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Which account events are money movements, and of what type (the API's transaction types). One
/// definition for the projection and for <c>verify</c>, which counts them in the journal. Holds, their
/// release and a settlement move no balance: they are no transaction.
/// </summary>
public static class TransactionTypes
{
    /// <summary>(type, amount, description, transfer id, labels) of a movement; null for events that move no money.</summary>
    /// <param name="before">
    /// The account's state before the event, which knows the transfer a posted hold or a refund is of: its description (a
    /// posted hold's) and its labels. Without it (a reader that folds nothing, such as the dashboard's live events) those are null.
    /// </param>
    public static (string Type, long AmountMinorUnits, string? Description, string? TransferId, ClientMetadata? Metadata)? Of(IAccountEvent @event,
        AccountState? before = null) => @event switch
    {
        // An opening balance is money that came in: listed as a deposit, so the rows add up to the balance. Its create's labels
        // are the account's, not the movement's.
        AccountCreated { InitialBalanceMinorUnits: > 0 } e => ("deposit", e.InitialBalanceMinorUnits, "initial balance", null, null),
        MoneyDeposited e => ("deposit", e.AmountMinorUnits, e.Description, null, e.Metadata),
        MoneyWithdrawn e => ("withdrawal", e.AmountMinorUnits, e.Description, null, e.Metadata),
        TransferSent e => ("transfer_out", e.AmountMinorUnits, e.Description, e.TransferId, e.Metadata),
        HoldPosted e => ("transfer_out", e.AmountMinorUnits, before?.Outgoing[e.TransferId].Description, e.TransferId, before?.Outgoing[e.TransferId].Metadata),
        TransferCredited e => ("transfer_in", e.AmountMinorUnits, e.Description, e.TransferId, e.Metadata),
        TransferReturned e => ("refund", e.AmountMinorUnits, e.Reason, e.TransferId, before?.Outgoing[e.TransferId].Metadata),
        _ => null,
    };
}
