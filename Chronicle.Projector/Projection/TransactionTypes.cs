using Chronicle.Domain.Accounts;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Which account events are money movements, and of what type (the API's transaction types). One
/// definition for the projection and for <c>verify</c>, which counts them in the journal.
/// </summary>
public static class TransactionTypes
{
    /// <summary>(type, amount, description, transfer id) of a movement; null for events that move no money.</summary>
    public static (string Type, long AmountMinorUnits, string? Description, string? TransferId)? Of(IAccountEvent @event) => @event switch
    {
        // An opening balance is money that came in: listed as a deposit, so the rows add up to the balance.
        AccountCreated { InitialBalanceMinorUnits: > 0 } e => ("deposit", e.InitialBalanceMinorUnits, "initial balance", null),
        MoneyDeposited e => ("deposit", e.AmountMinorUnits, e.Description, null),
        MoneyWithdrawn e => ("withdrawal", e.AmountMinorUnits, e.Description, null),
        TransferDebited e => ("transfer_out", e.AmountMinorUnits, e.Description, e.TransferId),
        TransferCredited e => ("transfer_in", e.AmountMinorUnits, e.Description, e.TransferId),
        TransferRefunded e => ("refund", e.AmountMinorUnits, e.Reason, e.TransferId),
        _ => null,
    };
}
