using System.CommandLine;

namespace Chronicle.Cli;

/// <summary>Checks on the words a verb takes (a member's address, an entity type or id), with the messages the CLI has always given.</summary>
internal static class CliWords
{
    /// <summary>
    /// Refuses a mistyped option where <paramref name="command"/> takes words: System.CommandLine would take it for the
    /// word ("sharding stats --bogus" asking for type "--bogus"). Added before the command's own checks, which say
    /// nothing more once this has refused.
    /// </summary>
    public static void RefuseOptions(Command command) =>
        command.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-'))) result.AddError($"unknown option '{token.Value}'");
        });

    /// <summary>The verb needs <paramref name="word"/>: without it, <paramref name="whenMissing"/> says which and where to find one.</summary>
    public static void Require(Command command, Argument<string> word, string whenMissing)
    {
        RefuseOptions(command);
        command.Validators.Add(result =>
        {
            if (!result.Errors.Any() && result.GetResult(word) is null) result.AddError(whenMissing);
        });
    }
}
