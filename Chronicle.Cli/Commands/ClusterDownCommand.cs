namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>cluster down ADDR</c>: for a member that cannot leave (unreachable, hung). It is out at once, without
/// handing anything over: its shards start on the survivors from the journal, and if it still runs it shuts itself down.
/// </summary>
public static class ClusterDownCommand
{
    public static async Task<int> RunAsync(AdminClient node, CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var downed = await node.ChangeMemberAsync("down", arguments.Target!, cancellationToken);
        console.Out.WriteLine($"cluster down: {downed.Address} was {downed.Status}; marked down, its shards start on the survivors");
        return await MemberRemoval.FollowAsync(node, "down", downed.Address, arguments.Timeout, console, cancellationToken);
    }
}
