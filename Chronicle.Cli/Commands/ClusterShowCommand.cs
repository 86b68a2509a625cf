
using System.CommandLine;
using Chronicle.Contracts.Admin;

namespace Chronicle.Cli.Commands;

/// <summary><c>cluster show</c>: the members as a table (notes: who answered, the leader, the oldest of each role), then the unreachable ones.</summary>
internal static class ClusterShowCommand
{
    /// <summary>What runs on the oldest member of each role, for the NOTES column.</summary>
    private static readonly Dictionary<string, string> Singletons = new(StringComparer.Ordinal)
    {
        ["ledger"] = "oldest ledger: shard coordinators, event forwarder",
        ["projector"] = "oldest projector: runs the projector",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("show", "the members: address, status, roles, reachability; the leader, the oldest node of each role " +
                                          "(where its singletons run), unreachable ones");
        context.SetOperatorAction(command, (_, node, cancellationToken) => RunAsync(node, context.Console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliNode node, CliConsole console, CancellationToken cancellationToken)
    {
        var cluster = await node.AskAsync((client, token) => client.GetClusterAsync(token), cancellationToken);
        var table = new CliTable("ADDRESS", "STATUS", "ROLES", "REACHABLE", "NOTES");
        foreach (var member in cluster.Members)
            table.Add(member.Address, member.Status, string.Join(",", member.Roles), member.Reachable ? "yes" : "NO", string.Join("; ", Notes(cluster, member.Address)));
        table.WriteTo(console);
        console.Out.WriteLine($"members: {cluster.Members.Count}, leader: {cluster.Leader ?? "none (no converged view yet)"}");
        console.Out.WriteLine(cluster.Unreachable.Count == 0
            ? "unreachable: none"
            : $"unreachable: {string.Join(", ", cluster.Unreachable)} (the split-brain resolver downs them once the view is stable; or: cluster down ADDR)");
        return ExitCodes.Ok;
    }

    private static IEnumerable<string> Notes(ClusterResponse cluster, string address)
    {
        if (address == cluster.Self) yield return "answered this";
        if (address == cluster.Leader) yield return "leader";
        foreach (var (role, oldest) in cluster.Oldest.OrderBy(o => o.Key, StringComparer.Ordinal))
            if (oldest == address && Singletons.TryGetValue(role, out var note)) yield return note;
    }
}
