using System.Collections.Frozen;

namespace Chronicle.Domain.Money;

/// <summary>
/// An ISO 4217 currency and the number of fractional digits (its minor-unit scale).
/// Amounts are stored as whole minor units (<see cref="long"/>), so the scale decides
/// how a decimal amount maps to stored units: 1.25 USD = 125 minor units, 125 JPY = 125.
/// </summary>
public sealed record Currency(string Code, int Scale)
{
    public const string DefaultCode = "USD";

    /// <summary>The currencies the ledger accepts. A closed list: an unknown code is a validation error.</summary>
    private static readonly FrozenDictionary<string, Currency> Known = new[]
    {
        new Currency("USD", 2), new Currency("EUR", 2), new Currency("GBP", 2), new Currency("CHF", 2),
        new Currency("CAD", 2), new Currency("AUD", 2), new Currency("NZD", 2), new Currency("SEK", 2),
        new Currency("NOK", 2), new Currency("DKK", 2), new Currency("PLN", 2), new Currency("CZK", 2),
        new Currency("CNY", 2), new Currency("HKD", 2), new Currency("SGD", 2), new Currency("INR", 2),
        new Currency("BRL", 2), new Currency("MXN", 2), new Currency("ZAR", 2), new Currency("TRY", 2),
        new Currency("JPY", 0), new Currency("KRW", 0), new Currency("ISK", 0), new Currency("CLP", 0),
        new Currency("VND", 0), new Currency("HUF", 2),
        new Currency("BHD", 3), new Currency("KWD", 3), new Currency("OMR", 3), new Currency("JOD", 3),
        new Currency("TND", 3),
    }.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);

    public static Currency Usd => Known[DefaultCode];

    public static bool TryFind(string code, out Currency currency) =>
        Known.TryGetValue(code, out currency!);

    public static Currency Find(string code) =>
        TryFind(code, out var currency) ? currency : throw new ArgumentException($"unknown currency '{code}'", nameof(code));

    /// <summary>
    /// Converts an exact decimal amount to minor units. Fails when the amount has more
    /// fractional digits than the currency allows or does not fit the ledger's limit.
    /// </summary>
    public bool TryToMinorUnits(decimal amount, out long minorUnits)
    {
        minorUnits = 0;
        var scaled = amount * MinorUnitsPerMajor;
        if (scaled != decimal.Truncate(scaled)) return false;
        if (scaled > MoneyLimits.MaxAmountMinorUnits || scaled < -MoneyLimits.MaxAmountMinorUnits) return false;
        minorUnits = (long)scaled;
        return true;
    }

    /// <summary>Formats minor units as a decimal string at this currency's scale: 70000 → "700.00".</summary>
    public string Format(long minorUnits) => Format((decimal)minorUnits);

    /// <summary>Formats whole minor units beyond a <see cref="long"/>'s range (a sum of many balances) the same way.</summary>
    public string Format(decimal minorUnits) =>
        (minorUnits / MinorUnitsPerMajor).ToString(Scale == 0 ? "0" : "0." + new string('0', Scale),
            System.Globalization.CultureInfo.InvariantCulture);

    public decimal ToDecimal(long minorUnits) => minorUnits / MinorUnitsPerMajor;

    private decimal MinorUnitsPerMajor => Scale switch { 0 => 1m, 1 => 10m, 2 => 100m, 3 => 1000m, _ => throw new InvalidOperationException() };
}
