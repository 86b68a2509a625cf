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

    /// <summary>A comma-separated list ("ledger,gateway"), as env <c>Chronicle__Roles</c> gives it.</summary>
    /// <exception cref="InvalidOperationException">An unknown role, or none at all.</exception>
    public static IReadOnlySet<string> Parse(string text)
    {
        var roles = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => role.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (roles.FirstOrDefault(role => !All.Contains(role)) is { } unknown)
            throw new InvalidOperationException($"Chronicle:Roles: unknown role '{unknown}' (known: {string.Join(", ", All)})");
        if (roles.Count == 0) throw new InvalidOperationException($"Chronicle:Roles is empty (known: {string.Join(", ", All)})");
        return roles;
    }
}
