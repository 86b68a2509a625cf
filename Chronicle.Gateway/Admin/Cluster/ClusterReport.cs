using Akka.Cluster;
using Chronicle.Contracts.Admin;

namespace Chronicle.Gateway.Admin.Cluster;

/// <summary>GET /admin/cluster's answer, from the node's own view of the membership.</summary>
public static class ClusterReport
{
    public static ClusterResponse Of(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var members = state.Members.Concat(state.Unreachable).Distinct().OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
        var oldest = members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .SelectMany(m => m.Roles.Select(role => (Role: role, Member: m)))
            .GroupBy(x => x.Role, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Member).Aggregate((a, b) => b.IsOlderThan(a) ? b : a).Address.ToString(),
                StringComparer.Ordinal);
        return new ClusterResponse(
            cluster.SelfAddress.ToString(),
            state.Leader?.ToString(),
            oldest,
            members.Select(m => Member(m, state)).ToList(),
            state.Unreachable.Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>One member as this node sees it: in GET /admin/cluster and in the dashboard's GET /stats.</summary>
    public static MemberResponse Member(Member member, ClusterEvent.CurrentClusterState state) =>
        new(member.Address.ToString(), Status(member), member.Roles.Order(StringComparer.Ordinal).ToList(), !state.Unreachable.Contains(member));

    /// <summary>"up", "leaving", ...: Akka's member status, lower case.</summary>
    public static string Status(Member member) => member.Status.ToString().ToLowerInvariant();
}
