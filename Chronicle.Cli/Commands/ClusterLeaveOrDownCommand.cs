namespace Chronicle.Cli.Commands;

/// <summary>
/// Taking a member out, then following it until it is removed:
/// <list type="bullet">
/// <item><c>cluster leave ADDR</c>: the graceful way out; the member hands its shards and singletons over, then its process exits;</item>
/// <item><c>cluster down ADDR</c>: for a member that cannot leave (unreachable, hung). It is out at once, without handing
///   anything over: its shards start on the survivors from the journal, and if it still runs it shuts itself down.</item>
/// </list>
/// </summary>
public static class ClusterLeaveOrDownCommand
{
    public static Task<int> LeaveAsync(AdminClient node, CliArguments arguments, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(node, "leave", "it hands its shards and singletons over, then exits", arguments, console, cancellationToken);

    public static Task<int> DownAsync(AdminClient node, CliArguments arguments, CliConsole console, CancellationToken cancellationToken) =>
        RunAsync(node, "down", "marked down, its shards start on the survivors", arguments, console, cancellationToken);

    /// <param name="verb">The member route's verb, as the command and its output name it.</param>
    /// <param name="consequence">What the verb does to the member, said once the node accepted it.</param>
    private static async Task<int> RunAsync(AdminClient node, string verb, string consequence, CliArguments arguments, CliConsole console,
        CancellationToken cancellationToken)
    {
        var accepted = await node.ChangeMemberAsync(verb, arguments.Target!, cancellationToken);
        console.Out.WriteLine($"cluster {verb}: {accepted.Address} was {accepted.Status}; {consequence}");
        return await MemberRemoval.FollowAsync(node, verb, accepted.Address, arguments.Timeout, console, cancellationToken);
    }
}
