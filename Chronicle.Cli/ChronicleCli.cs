using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Chronicle.Cli;

/// <summary>The CLI as a function of its arguments and console, so tests run it in-process against a real node.</summary>
internal static class ChronicleCli
{
    /// <param name="operatorKey">An API key of the operator role; from the environment, never the command line (where ps shows it).</param>
    /// <param name="clientKey">An API key of the client role, for simulate; from the environment as well.</param>
    /// <param name="auditorKey">An API key of the auditor role, for the read verbs; from the environment as well.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, string? urlFromEnvironment, string? operatorKey,
        string? clientKey = null, string? auditorKey = null, CancellationToken cancellationToken = default)
    {
        var root = CliCommandLine.Create(new CliContext(console, urlFromEnvironment, operatorKey, clientKey, auditorKey));
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
            return await RefuseAsync(root, parse, console);

        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // A bug is a crash with its stack trace, not an exit code a script would read as a verdict (1: differences).
            EnableDefaultExceptionHandler = false,
            // Program.cs handles Ctrl+C: the first asks the verb to stop (simulate prints its summary, however long that takes).
            ProcessTerminationTimeout = null,
        }, cancellationToken);
    }

    /// <summary>A bad command line: what is wrong and the help of the verb it got to, on stderr; exit 64 (EX_USAGE).</summary>
    private static async Task<int> RefuseAsync(RootCommand root, ParseResult parse, CliConsole console)
    {
        foreach (var error in parse.Errors) await console.Error.WriteLineAsync($"chronicle: {error.Message}");
        await console.Error.WriteLineAsync();
        var verb = new List<string>();
        for (var command = parse.CommandResult; command.Parent is CommandResult parent; command = parent) verb.Insert(0, command.Command.Name);
        await root.Parse([.. verb, "--help"]).InvokeAsync(new InvocationConfiguration { Output = console.Error });
        return ExitCodes.Usage;
    }
}
