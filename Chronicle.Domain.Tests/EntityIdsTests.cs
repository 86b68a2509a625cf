using System.Text.RegularExpressions;

namespace Chronicle.Domain.Tests;

public sealed class EntityIdsTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("a-b_C9", true)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123", true)]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", false)]
    [InlineData("", false)]
    [InlineData("ali ce", false)]
    [InlineData("ali.ce", false)]
    [InlineData("café", false)]
    [InlineData("٣", false)]
    public void The_hand_check_and_the_pattern_agree(string id, bool valid)
    {
        Assert.Equal(valid, EntityIds.IsValid(id));
        Assert.Equal(valid, Regex.IsMatch(id, EntityIds.Pattern));
    }

    /// <summary>.NET's <c>$</c> also matches before a final newline, so the pattern alone would take <c>alice\n</c> (a
    /// path's <c>alice%0A</c>): ids are checked by <see cref="EntityIds.IsValid"/>, the pattern is for the OpenAPI document.</summary>
    [Fact]
    public void A_trailing_newline_is_refused_where_the_pattern_would_take_it()
    {
        Assert.False(EntityIds.IsValid("alice\n"));
        Assert.Matches(EntityIds.Pattern, "alice\n");
    }
}
