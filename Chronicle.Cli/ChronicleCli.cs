using Chronicle.Cli.Commands;

namespace Chronicle.Cli;

/// <summary>The CLI as a function of its arguments and console, so tests run it in-process against a real node.</summary>
public static class ChronicleCli
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, string? urlFromEnvironment,
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

        using var node = new AdminClient(arguments.Url);
        try
        {
            return arguments.Command switch
            {
                CliCommand.Verify => await VerifyCommand.RunAsync(node, arguments.Settle, console, cancellationToken),
                CliCommand.Rebuild => await RebuildCommand.RunAsync(node, arguments, console, cancellationToken),
                CliCommand.ProjectorStatus => await ProjectorStatusCommand.RunAsync(node, console, cancellationToken),
                CliCommand.ClusterShow => await ClusterShowCommand.RunAsync(node, console, cancellationToken),
                CliCommand.ClusterLeave => await ClusterLeaveCommand.RunAsync(node, arguments, console, cancellationToken),
                CliCommand.ClusterDown => await ClusterDownCommand.RunAsync(node, arguments, console, cancellationToken),
                CliCommand.ShardingRegions => await ShardingRegionsCommand.RunAsync(node, console, cancellationToken),
                CliCommand.ShardingStats => await ShardingStatsCommand.RunAsync(node, arguments.Target!, console, cancellationToken),
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
