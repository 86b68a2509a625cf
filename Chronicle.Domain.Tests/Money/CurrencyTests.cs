using Chronicle.Domain.Money;

namespace Chronicle.Domain.Tests.Money;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("USD", "700", 70000)]
    [InlineData("USD", "0.01", 1)]
    [InlineData("JPY", "125", 125)]
    [InlineData("BHD", "1.234", 1234)]
    public void Converts_amounts_within_scale_to_minor_units(string code, string amount, long expectedMinorUnits)
    {
        Assert.True(Currency.Find(code).TryToMinorUnits(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), out var minor));
        Assert.Equal(expectedMinorUnits, minor);
    }

    [Theory]
    [InlineData("USD", "0.001")]
    [InlineData("JPY", "1.5")]
    [InlineData("USD", "10000000000000.01")]
    public void Refuses_amounts_beyond_scale_or_limit(string code, string amount) =>
        Assert.False(Currency.Find(code).TryToMinorUnits(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), out _));

    [Theory]
    [InlineData("USD", 70000, "700.00")]
    [InlineData("USD", 5, "0.05")]
    [InlineData("JPY", 125, "125")]
    [InlineData("BHD", 1, "0.001")]
    [InlineData("EUR", 0, "0.00")]
    public void Formats_minor_units_at_the_currency_scale(string code, long minorUnits, string expected) =>
        Assert.Equal(expected, Currency.Find(code).Format(minorUnits));
}
