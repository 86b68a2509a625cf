using System.Diagnostics;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli;

/// <summary>After a leave or a down: follows the membership until the member is gone (removed), or gives up.</summary>
internal static class MemberRemoval
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> FollowAsync(CliNode node, string verb, string address, TimeSpan limit, CliConsole console,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Polling the node's view: removal is something the cluster converges on, not an answer to the request.
            var member = (await node.AskAsync((client, token) => client.GetClusterAsync(token), cancellationToken)).Members.FirstOrDefault(m => m.Address == address);
            if (member is null || member.Status == "removed")
            {
                console.Out.WriteLine($"cluster {verb}: {address} removed after {Elapsed(clock.Elapsed)}");
                return ExitCodes.Ok;
            }
            if (clock.Elapsed > limit)
                throw new CliFailure(ExitCodes.Failed, $"{address} is still a member ({member.Status}) after {Elapsed(limit)}; see ./chronicle cluster show");
            await Task.Delay(Interval, cancellationToken);
        }
    }
}
