using Chronicle.Domain.Accounts;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Which account events are money movements, and of what type (the API's transaction types). One
/// definition for the projection and for <c>verify</c>, which counts them in the journal. Holds, their
/// release and a settlement move no balance: they are no transaction.
/// </summary>
public static class TransactionTypes
{
    /// <summary>(type, amount, description, transfer id) of a movement; null for events that move no money.</summary>
    /// <param name="after">
    /// The account's state after the event, which knows a posted hold's description (the hold's); without it
    /// (a reader that folds nothing, such as the dashboard's live events) that description is null.
    /// </param>
    public static (string Type, long AmountMinorUnits, string? Description, string? TransferId)? Of(IAccountEvent @event, AccountState? after = null) => @event switch
    {
        // An opening balance is money that came in: listed as a deposit, so the rows add up to the balance.
        AccountCreated { InitialBalanceMinorUnits: > 0 } e => ("deposit", e.InitialBalanceMinorUnits, "initial balance", null),
        MoneyDeposited e => ("deposit", e.AmountMinorUnits, e.Description, null),
        MoneyWithdrawn e => ("withdrawal", e.AmountMinorUnits, e.Description, null),
        TransferSent e => ("transfer_out", e.AmountMinorUnits, e.Description, e.TransferId),
        HoldPosted e => ("transfer_out", e.AmountMinorUnits, after?.Outgoing[e.TransferId].Description, e.TransferId),
        TransferCredited e => ("transfer_in", e.AmountMinorUnits, e.Description, e.TransferId),
        TransferReturned e => ("refund", e.AmountMinorUnits, e.Reason, e.TransferId),
        _ => null,
    };
}
