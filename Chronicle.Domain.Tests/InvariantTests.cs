namespace Chronicle.Domain.Tests;

/// <summary>An assertion's interpolated description costs nothing while the invariant holds, and says what failed when it does not.</summary>
public sealed class InvariantTests
{
    [Fact]
    public void A_holding_invariant_formats_nothing()
    {
        var formatted = 0;
        for (var version = 0; version < 100; version++)
            Invariant.Require(version >= 0, $"version {Formatted(version, ref formatted)} is negative");

        Assert.Equal(0, formatted);
    }

    [Fact]
    public void A_failing_invariant_throws_its_formatted_description()
    {
        var formatted = 0;
        var failure = Assert.Throws<InvariantViolatedException>(() =>
            Invariant.Require(false, $"account-a skips from version {Formatted(7, ref formatted)} to {9:D2}"));

        Assert.Equal("invariant violated: account-a skips from version 7 to 09", failure.Message);
        Assert.Equal(1, formatted);
    }

    private static int Formatted(int value, ref int count)
    {
        count++;
        return value;
    }
}
