using Chronicle.Actors.Hosting;
using Chronicle.Projector.Hosting;

namespace Chronicle.Gateway.Roles;

/// <summary>
/// What a node does in the cluster. <c>ledger</c>: hosts the account and transfer shards and the event
/// forwarder. <c>gateway</c>: serves the HTTP API, reaching the ledger through shard region proxies
/// when it is not a ledger node itself. <c>projector</c>: may run the read-model projector (one node does).
/// </summary>
public static class NodeRoles
{
    public const string Ledger = LedgerHosting.LedgerRole;
    public const string Gateway = "gateway";
    public const string Projector = ProjectorHosting.ProjectorRole;

    /// <summary>Every role: one process does everything (dev mode, the default).</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Ledger, Gateway, Projector], StringComparer.Ordinal);

    /// <summary>
    /// The roles of a comma-separated list ("ledger,gateway"), as env <c>Chronicle__Roles</c> gives it,
    /// in any case. Names that are no role are left out: <see cref="NodeRoleListAttribute"/> refuses them at start.
    /// </summary>
    public static IReadOnlySet<string> Parse(string text) =>
        Names(text).Where(All.Contains).ToHashSet(StringComparer.Ordinal);

    internal static IEnumerable<string> Names(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(role => role.ToLowerInvariant());
}
