namespace Chronicle.Domain.Money;

/// <summary>
/// Explicit ceilings for money on the ledger. They keep every sum far inside <see cref="long"/>,
/// so no arithmetic on balances can overflow: the largest balance plus the largest amount
/// is below 2^63 by orders of magnitude.
/// </summary>
internal static class MoneyLimits
{
    /// <summary>Largest single amount (deposit, withdrawal, transfer, initial balance): 10^15 minor units.</summary>
    public const long MaxAmountMinorUnits = 1_000_000_000_000_000;

    /// <summary>Largest balance an account may hold: 10^17 minor units (10^15 USD).</summary>
    public const long MaxBalanceMinorUnits = 100_000_000_000_000_000;

    /// <summary>
    /// Largest overdraft limit an account may be given: 10^14 minor units (10^12 USD), a tenth of the largest amount. The
    /// balance then never goes below −10^14, so it too stays far inside <see cref="long"/>.
    /// </summary>
    public const long MaxOverdraftLimitMinorUnits = 100_000_000_000_000;
}
