using Chronicle.Cli.Commands;

namespace Chronicle.Cli;

/// <summary>The CLI as a function of its arguments and console, so tests run it in-process against a real node.</summary>
public static class ChronicleCli
{
    /// <param name="operatorKey">An API key of the operator role; from the environment, never the command line (where ps shows it).</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, string? urlFromEnvironment, string? operatorKey,
        CancellationToken cancellationToken = default)
    {
        CliArguments arguments;
        try
        {
            arguments = CliArguments.Parse(args, urlFromEnvironment);
        }
        catch (ArgumentException e)
        {
            await console.Error.WriteLineAsync($"chronicle: {e.Message}\n\n{CliArguments.Usage}");
            return ExitCodes.Usage;
        }

        if (arguments.Command == CliCommand.Help)
        {
            await console.Out.WriteLineAsync(CliArguments.Usage);
            return ExitCodes.Ok;
        }

        if (string.IsNullOrWhiteSpace(operatorKey))
        {
            await console.Error.WriteLineAsync(
                $"chronicle: set {CliArguments.OperatorKeyVariable} to an operator API key (./chronicle verify, rebuild and projector status take it from .chronicle/env)");
            return ExitCodes.Usage;
        }

        using var node = new AdminClient(arguments.Url, operatorKey);
        try
        {
            return arguments.Command switch
            {
                CliCommand.Verify => await VerifyCommand.RunAsync(node, arguments.Settle, console, cancellationToken),
                CliCommand.Rebuild => await RebuildCommand.RunAsync(node, arguments, console, cancellationToken),
                CliCommand.ProjectorStatus => await ProjectorStatusCommand.RunAsync(node, console, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(args), arguments.Command, null),
            };
        }
        catch (CliFailure failure)
        {
            await console.Error.WriteLineAsync($"chronicle: {failure.Message}");
            return failure.ExitCode;
        }
    }
}
