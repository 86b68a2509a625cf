using System.CommandLine;
using Chronicle.Cli;

namespace Chronicle.Tests.Infrastructure;

/// <summary>One run of Chronicle.Cli in-process (its whole entry point), with what it printed and its exit status.</summary>
public sealed record CliRun(int Exit, string Out, string Error)
{
    /// <summary>Runs the CLI with <paramref name="args"/>, as a script would (not a terminal), without $CHRONICLE_URL.</summary>
    /// <param name="operatorKey">What $CHRONICLE_OPERATOR_KEY would hold.</param>
    public static Task<CliRun> RunAsync(string? operatorKey, params string[] args) => RunAsync(operatorKey, auditorKey: null, args);

    /// <summary>Runs a read verb (accounts, transfers) with <paramref name="auditorKey"/> as $CHRONICLE_AUDITOR_KEY, and no operator key.</summary>
    public static Task<CliRun> RunAsAuditorAsync(string? auditorKey, params string[] args) => RunAsync(operatorKey: null, auditorKey, args);

    private static async Task<CliRun> RunAsync(string? operatorKey, string? auditorKey, string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ChronicleCli.RunAsync(args, new CliConsole(output, error, IsTerminal: false), urlFromEnvironment: null, operatorKey,
            auditorKey: auditorKey);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The command line parsed as the CLI parses it, nothing run: the verb it names and its values (GetValue by name).</summary>
    public static ParseResult Parse(string? urlFromEnvironment, params string[] args) =>
        CliCommandLine.Create(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, IsTerminal: false), urlFromEnvironment, null, null)).Parse(args);
}
