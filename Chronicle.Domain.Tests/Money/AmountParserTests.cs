using Chronicle.Domain.Money;

namespace Chronicle.Domain.Tests.Money;

public sealed class AmountParserTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("100", "100")]
    [InlineData("100.50", "100.5")]
    [InlineData("0.01", "0.01")]
    [InlineData("1e2", "100")]
    [InlineData("1.5E+1", "15")]
    [InlineData("2500e-2", "25")]
    [InlineData("-3.25", "-3.25")]
    [InlineData("999999999999999999", "999999999999999999")]
    [InlineData("00012.3400", "12.34")]
    [InlineData("0.00000001", "0.00000001")]
    public void Parses_decimal_text_exactly(string text, string expected)
    {
        Assert.True(AmountParser.TryParse(text, out var amount, out var error), error);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e308")]
    [InlineData("1e-30")]
    [InlineData("0x10")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("+1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1,5")]
    [InlineData("1e")]
    [InlineData("9223372036854775808")]
    [InlineData("1000000000000000000")]
    [InlineData("0.000000001")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public void Refuses_what_is_not_an_exact_bounded_amount(string text)
    {
        Assert.False(AmountParser.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
