using System.CommandLine;
using Chronicle.Client;
using Chronicle.Contracts.Admin;

namespace Chronicle.Cli.Commands;

/// <summary>
/// Taking a member out, then following it until it is removed:
/// <list type="bullet">
/// <item><c>cluster leave ADDR</c>: the graceful way out; the member hands its shards and singletons over, then its process exits;</item>
/// <item><c>cluster down ADDR</c>: for a member that cannot leave (unreachable, hung). It is out at once, without handing
///   anything over: its shards start on the survivors from the journal, and if it still runs it shuts itself down.</item>
/// </list>
/// </summary>
internal static class ClusterLeaveOrDownCommand
{
    /// <summary>How long to wait for the removal: a leave hands shards over one by one, which takes seconds, not minutes.</summary>
    private const int DefaultTimeoutSeconds = 120;

    public static Command Leave(CliContext context) =>
        Create(context, "leave", "the member hands its shards and singletons over and exits; waits until it is removed",
            "it hands its shards and singletons over, then exits", (client, address, token) => client.LeaveAsync(address, token));

    public static Command Down(CliContext context) =>
        Create(context, "down", "the member is out at once (for one that is unreachable or hung): its shards start on the survivors; " +
                                "waits until it is removed", "marked down, its shards start on the survivors",
            (client, address, token) => client.DownAsync(address, token));

    /// <param name="verb">The member route's verb, as the command and its output name it.</param>
    /// <param name="consequence">What the verb does to the member, said once the node accepted it.</param>
    /// <param name="change">The client's call of the verb's route.</param>
    private static Command Create(CliContext context, string verb, string description, string consequence,
        Func<ChronicleClient, string, CancellationToken, Task<MemberActionResponse>> change)
    {
        var address = new Argument<string>("ADDR") { Description = "the member's address, akka.tcp://chronicle@host:port (cluster show lists them)" };
        var timeout = CliOptions.Seconds("--timeout", "give up waiting for the removal after S seconds", DefaultTimeoutSeconds);
        var command = new Command(verb, description) { address, timeout };
        CliWords.Require(command, address, $"cluster {verb} needs the member's address (cluster show lists them)");
        context.SetOperatorAction(command, async (parse, node, cancellationToken) =>
        {
            var accepted = await node.AskAsync((client, token) => change(client, parse.GetValue(address)!, token), cancellationToken);
            context.Console.Out.WriteLine($"cluster {verb}: {accepted.Address} was {accepted.Status}; {consequence}");
            return await MemberRemoval.FollowAsync(node, verb, accepted.Address, TimeSpan.FromSeconds(parse.GetValue(timeout)), context.Console,
                cancellationToken);
        });
        return command;
    }
}
