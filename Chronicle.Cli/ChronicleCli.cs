using Chronicle.Cli.Commands;

namespace Chronicle.Cli;

/// <summary>The CLI as a function of its arguments and console, so tests run it in-process against a real node.</summary>
internal static class ChronicleCli
{
    /// <param name="operatorKey">An API key of the operator role; from the environment, never the command line (where ps shows it).</param>
    /// <param name="clientKey">An API key of the client role, for simulate; from the environment as well.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, string? urlFromEnvironment, string? operatorKey,
        string? clientKey = null, CancellationToken cancellationToken = default)
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

        // Simulate is a client of the ledger, not an operator: it sends the client key itself.
        if (arguments.Command == CliCommand.Simulate)
            return await GuardedAsync(() => SimulateCommand.RunAsync(arguments, clientKey, console, cancellationToken), console, cancellationToken);

        if (string.IsNullOrWhiteSpace(operatorKey))
        {
            await console.Error.WriteLineAsync(
                $"chronicle: set {CliArguments.OperatorKeyVariable} to an operator API key (./chronicle verify, rebuild and projector status take it from .chronicle/env)");
            return ExitCodes.Usage;
        }

        using var node = new AdminClient(arguments.Url, operatorKey);
        return await GuardedAsync(() => arguments.Command switch
        {
            CliCommand.Verify => VerifyCommand.RunAsync(node, arguments.Settle, console, cancellationToken),
            CliCommand.Rebuild => RebuildCommand.RunAsync(node, arguments, console, cancellationToken),
            CliCommand.ProjectorStatus => ProjectorStatusCommand.RunAsync(node, console, cancellationToken),
            CliCommand.ProjectorReplay => ProjectorReplayCommand.RunAsync(node, arguments.Target, arguments.EntityId, console, cancellationToken),
            CliCommand.ClusterShow => ClusterShowCommand.RunAsync(node, console, cancellationToken),
            CliCommand.ClusterLeave => ClusterLeaveOrDownCommand.LeaveAsync(node, arguments, console, cancellationToken),
            CliCommand.ClusterDown => ClusterLeaveOrDownCommand.DownAsync(node, arguments, console, cancellationToken),
            CliCommand.ShardingRegions => ShardingRegionsCommand.RunAsync(node, console, cancellationToken),
            CliCommand.ShardingStats => ShardingStatsCommand.RunAsync(node, arguments.Target!, console, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(args), arguments.Command, null),
        }, console, cancellationToken);
    }

    /// <summary>Runs a command, turning its expected failures and an interrupt into messages and exit codes.</summary>
    private static async Task<int> GuardedAsync(Func<Task<int>> command, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            return await command();
        }
        catch (CliFailure failure)
        {
            await console.Error.WriteLineAsync($"chronicle: {failure.Message}");
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("chronicle: interrupted");
            return ExitCodes.Interrupted;
        }
    }
}
