using System.Text.RegularExpressions;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>
/// docs/BENCHMARKS.md is where the figures live, each with the command that made it. Half of it is
/// generated and half written by hand; a hand edit once swallowed the generated tables, unnoticed for a
/// session. This keeps both halves in place.
/// </summary>
public sealed class BenchmarksDocTests
{
    private static readonly string Text = RepositoryFiles.Read("docs", "BENCHMARKS.md");

    [Theory]
    [InlineData("## Targets")]
    [InlineData("## Machine and run")]
    [InlineData("## Deposits")]
    [InlineData("## Transfers")]
    [InlineData("## Cluster")]
    [InlineData("## Notes")]
    public void Has_its_section(string heading) =>
        Assert.Matches(new Regex("^" + Regex.Escape(heading) + @"\b", RegexOptions.Multiline), Text);

    [Fact]
    public void Quotes_the_commands_that_made_its_figures() =>
        Assert.True(Regex.Matches(Text, @"dotnet run -c Release --project Chronicle\.Bench --").Count >= 2,
            "the main run's command and the cluster run's command");

    [Fact]
    public void Keeps_the_notes_last_where_the_generator_looks_for_them()
    {
        var notes = Text.IndexOf("\n## Notes\n", StringComparison.Ordinal);
        Assert.True(notes > 0, "a '## Notes' heading on a line of its own");
        Assert.DoesNotMatch(new Regex("^## ", RegexOptions.Multiline), Text[(notes + 10)..]);
    }
}
