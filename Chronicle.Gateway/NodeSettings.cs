using Chronicle.Actors.Hosting;
using Chronicle.Gateway.Roles;
using Chronicle.Gateway.Security;
using Chronicle.Projector;

namespace Chronicle.Gateway;

/// <summary>Everything one Chronicle node process needs, read from configuration (appsettings, Chronicle__* env vars).</summary>
public sealed record NodeSettings
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public required LedgerOptions Ledger { get; init; }

    public GatewaySettings Gateway { get; init; } = new();

    public SecuritySettings Security { get; init; } = new();

    /// <summary>
    /// What this process does in the cluster (env Chronicle__Roles, e.g. "ledger,gateway"); see <see cref="NodeRoles"/>.
    /// Default: every role, one process doing everything (dev mode).
    /// </summary>
    public IReadOnlySet<string> Roles { get; init; } = NodeRoles.All;

    /// <summary>The roles this node takes: <see cref="Roles"/>, less the projector's when it has no read model and NATS to project with.</summary>
    public IReadOnlySet<string> ClusterRoles =>
        CanProject ? Roles : Roles.Where(role => role != NodeRoles.Projector).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <see cref="ClusterRoles"/> holds <paramref name="role"/>, without building it on every call.</summary>
    public bool Has(string role) => Roles.Contains(role) && (role != NodeRoles.Projector || CanProject);

    /// <summary>
    /// Npgsql connection string of the read model (env Chronicle__ReadModel): with it (and a NATS URL)
    /// this node runs the projector and answers queries from the read model; without, every read asks
    /// the account itself.
    /// </summary>
    public string? ReadModelConnectionString { get; init; }

    /// <summary>Whether this node has what the projector needs: a read model and the feed's NATS server.</summary>
    private bool CanProject => ReadModelConnectionString is not null && Ledger.NatsUrl is not null;

    /// <summary>The projector this node runs: one when it has both a read model and the feed's NATS server.</summary>
    public ProjectorOptions? Projector =>
        ReadModelConnectionString is { } readModel && Ledger.NatsUrl is { } nats
            ? new ProjectorOptions { ReadModelConnectionString = readModel, NatsUrl = nats }
            : null;

    /// <summary>Where the HTTP gateway listens; port 0 picks a free one.</summary>
    public string Url { get; init; } = DefaultUrl;

    public static NodeSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Chronicle");
        var eventStore = section["EventStore"];
        if (string.IsNullOrWhiteSpace(eventStore)) throw new InvalidOperationException("Chronicle:EventStore (env Chronicle__EventStore) is not set");

        var settings = new NodeSettings
        {
            Url = section["Url"] ?? DefaultUrl,
            Roles = section["Roles"] is { } roles ? NodeRoles.Parse(roles) : NodeRoles.All,
            ReadModelConnectionString = string.IsNullOrWhiteSpace(section["ReadModel"]) ? null : section["ReadModel"],
            Security = new SecuritySettings
            {
                ApiKeysFile = string.IsNullOrWhiteSpace(section["ApiKeysFile"]) ? null : section["ApiKeysFile"],
                Limits = section.GetSection("Limits").Get<RequestLimits>() ?? new RequestLimits(),
            },
            Ledger = new LedgerOptions
            {
                EventStoreConnectionString = eventStore,
                Hostname = section["AkkaHost"] ?? "127.0.0.1",
                Port = section.GetValue("AkkaPort", 0),
                // Unset: cluster.hocon's seed nodes. Set but empty: a lone node, a cluster of its own.
                SeedNodes = section["SeedNodes"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                // The event feed's NATS server (env Chronicle__Nats); unset: no forwarder on this node.
                NatsUrl = string.IsNullOrWhiteSpace(section["Nats"]) ? null : section["Nats"],
            },
        };
        // Asked for by name, a projector without its read model would be a silent no-op: refuse to start.
        if (section["Roles"] is not null && settings.Roles.Contains(NodeRoles.Projector) && settings.Projector is null)
            throw new InvalidOperationException("the projector role needs Chronicle:ReadModel and Chronicle:Nats (env Chronicle__ReadModel, Chronicle__Nats)");
        return settings;
    }
}
