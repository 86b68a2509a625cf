using System.Globalization;
using System.Text.RegularExpressions;

namespace Chronicle.Domain.Money;

/// <summary>
/// Parses a money amount written as decimal text (a JSON number's literal or a JSON string)
/// into an exact <see cref="decimal"/>, without ever passing through floating point.
/// Exponents are allowed (JSON permits "1e2") but the value must be exactly representable
/// and within <see cref="MoneyLimits"/>; "NaN", "Infinity", hex and blanks are refused.
/// </summary>
public static partial class AmountParser
{
    /// <summary>Longer text than this cannot be a sensible amount; refusing early bounds the work.</summary>
    private const int MaxTextLength = 64;

    /// <summary>Enough for any real currency scale; more digits after normalisation is not an amount.</summary>
    private const int MaxFractionDigits = 8;

    /// <summary>The decimal text an amount is written as (the API's document gives it as the pattern of a money string).</summary>
    public const string Literal = @"^(?<sign>-)?(?<int>[0-9]+)(\.(?<frac>[0-9]+))?([eE](?<exp>[+-]?[0-9]{1,4}))?$";

    [GeneratedRegex(Literal, RegexOptions.CultureInvariant)]
    private static partial Regex DecimalLiteral();

    public static bool TryParse(string text, out decimal amount, out string error)
    {
        amount = 0;
        if (text.Length == 0 || text.Length > MaxTextLength)
        {
            error = "must be a decimal number";
            return false;
        }

        var match = DecimalLiteral().Match(text);
        if (!match.Success)
        {
            error = "must be a decimal number";
            return false;
        }

        // Work on the digits as text: value = sign * digits * 10^(exponent - fractionLength).
        var digits = (match.Groups["int"].Value + match.Groups["frac"].Value).TrimStart('0');
        var exponent = (match.Groups["exp"].Success ? int.Parse(match.Groups["exp"].Value, CultureInfo.InvariantCulture) : 0)
                       - match.Groups["frac"].Length;
        if (digits.Length == 0)
        {
            amount = 0m;
            error = "";
            return true;
        }

        // Drop trailing zeros into the exponent so "100e-2" and "1.000" normalise.
        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        digits = trimmed;

        if (-exponent > MaxFractionDigits)
        {
            error = "has more decimal places than any currency allows";
            return false;
        }

        // Magnitude check before building the value: digits.Length + exponent is the count of integer digits.
        const int maxIntegerDigits = 18;
        if (digits.Length + exponent > maxIntegerDigits)
        {
            error = "exceeds the maximum amount";
            return false;
        }

        var integerText = exponent >= 0 ? digits + new string('0', exponent) : digits;
        var value = decimal.Parse(integerText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (exponent < 0) value /= Pow10(-exponent);
        if (match.Groups["sign"].Success) value = -value;

        amount = value;
        error = "";
        return true;
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++) result *= 10m;
        return result;
    }
}
