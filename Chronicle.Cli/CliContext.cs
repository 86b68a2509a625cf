using System.CommandLine;

namespace Chronicle.Cli;

/// <summary>
/// What the verbs' actions share beyond their own options: the console, the node's URL (an option of every verb) and
/// the keys from the environment; and how an action runs, its expected failures and an interrupt turned into messages
/// and exit codes.
/// </summary>
/// <param name="operatorKey">An API key of the operator role; from the environment, never the command line (where ps shows it).</param>
/// <param name="clientKey">An API key of the client role, for simulate; from the environment as well.</param>
/// <param name="auditorKey">An API key of the auditor role, for the read verbs (accounts, transfers); from the environment as well.</param>
internal sealed class CliContext(CliConsole console, string? urlFromEnvironment, string? operatorKey, string? clientKey, string? auditorKey = null)
{
    public CliConsole Console => console;

    public Option<Uri> Url { get; } = CliOptions.Url(urlFromEnvironment);

    public string? ClientKey => clientKey;

    /// <summary>The action of a verb that asks the node's /admin routes, with the operator key.</summary>
    public void SetOperatorAction(Command command, Func<ParseResult, CliNode, CancellationToken, Task<int>> verb) =>
        SetNodeAction(command, operatorKey, CliEnvironment.OperatorKeyVariable, "operator",
            "./chronicle verify, rebuild, projector, cluster, sharding and webhooks take it from .chronicle/env", verb);

    /// <summary>
    /// The action of a verb that reads accounts or transfers, with the auditor key: the operator role sees no account data
    /// (docs/SECURITY.md), and the auditor's reads are all reads, no writes.
    /// </summary>
    public void SetAuditorAction(Command command, Func<ParseResult, CliNode, CancellationToken, Task<int>> verb) =>
        SetNodeAction(command, auditorKey, CliEnvironment.AuditorKeyVariable, "auditor",
            "./chronicle accounts and transfers take it from .chronicle/env", verb);

    /// <param name="whereFrom">Where ./chronicle finds the key, said when it is missing.</param>
    private void SetNodeAction(Command command, string? key, string keyVariable, string role, string whereFrom,
        Func<ParseResult, CliNode, CancellationToken, Task<int>> verb) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                await console.Error.WriteLineAsync($"chronicle: set {keyVariable} to an {role} API key ({whereFrom})");
                return ExitCodes.Usage;
            }
            using var node = new CliNode(parse.GetValue(Url)!, key, keyVariable, role);
            return await GuardedAsync(() => verb(parse, node, cancellationToken), cancellationToken);
        });

    /// <summary>The action of a verb that needs no operator key (simulate is a client of the ledger, and sends the client key itself).</summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> verb) =>
        command.SetAction((parse, cancellationToken) => GuardedAsync(() => verb(parse, cancellationToken), cancellationToken));

    private async Task<int> GuardedAsync(Func<Task<int>> verb, CancellationToken cancellationToken)
    {
        try
        {
            return await verb();
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
