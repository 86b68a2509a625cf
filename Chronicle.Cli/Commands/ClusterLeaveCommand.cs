namespace Chronicle.Cli.Commands;

/// <summary><c>cluster leave ADDR</c>: the graceful way out; the member hands its shards and singletons over, then its process exits.</summary>
public static class ClusterLeaveCommand
{
    public static async Task<int> RunAsync(AdminClient node, CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var address = arguments.Target!;
        var accepted = await node.ChangeMemberAsync("leave", address, cancellationToken);
        console.Out.WriteLine($"cluster leave: {accepted.Address} was {accepted.Status}; it hands its shards and singletons over, then exits");
        return await MemberRemoval.FollowAsync(node, "leave", accepted.Address, arguments.Timeout, console, cancellationToken);
    }
}
