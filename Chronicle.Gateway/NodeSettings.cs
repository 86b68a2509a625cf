using System.ComponentModel.DataAnnotations;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Settings;
using Chronicle.Gateway.Roles;
using Chronicle.Gateway.Security;
using Chronicle.Gateway.Settings;
using Chronicle.Projector;
using Chronicle.Projector.Webhooks;

namespace Chronicle.Gateway;

/// <summary>
/// Everything one Chronicle node process needs: the options bound from the configuration's
/// <see cref="Section"/> (appsettings.json, env Chronicle__*), each setting in docs/CONFIGURATION.md.
/// </summary>
public sealed partial record NodeSettings : IValidatableObject
{
    /// <summary>The configuration section every setting sits in.</summary>
    public const string Section = "Chronicle";

    public const string RolesKey = "Roles";
    public const string ReadModelKey = "ReadModel";

    [InParentSection]
    public LedgerOptions Ledger { get; init; } = new();

    /// <summary>Tunables of the gateway's waits (section Chronicle:Gateway).</summary>
    public GatewaySettings Gateway { get; init; } = new();

    [InParentSection]
    public SecuritySettings Security { get; init; } = new();

    /// <summary>Tunables of the projector, where this node runs it (section Chronicle:Projector).</summary>
    public ProjectorOptions Projector { get; init; } = new();

    /// <summary>Webhook registration and delivery (section Chronicle:Webhooks): checked by gateways, used where the projector runs.</summary>
    public WebhookOptions Webhooks { get; init; } = new();

    /// <summary>
    /// What this process does in the cluster, comma-separated (env Chronicle__Roles, e.g. "ledger,gateway");
    /// see <see cref="NodeRoles"/>. Unset: every role, one process doing everything (dev mode), the
    /// projector's only when the node has what it needs.
    /// </summary>
    [ConfigurationKeyName(RolesKey), NodeRoleList]
    public string? Roles { get; init; }

    /// <summary>The roles this node was given: <see cref="Roles"/>, or every one when unset.</summary>
    public IReadOnlySet<string> RoleSet => Roles is null ? NodeRoles.All : NodeRoles.Parse(Roles);

    /// <summary>The roles this node takes: <see cref="RoleSet"/>, less the projector's when it has no read model and NATS to project with.</summary>
    public IReadOnlySet<string> ClusterRoles =>
        CanProject ? RoleSet : RoleSet.Where(role => role != NodeRoles.Projector).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether <see cref="ClusterRoles"/> holds <paramref name="role"/>.</summary>
    public bool Has(string role) => ClusterRoles.Contains(role);

    /// <summary>
    /// Npgsql connection string of the read model (env Chronicle__ReadModel): with it (and a NATS URL)
    /// this node runs the projector and answers queries from the read model; without, every read asks
    /// the account itself.
    /// </summary>
    [ConfigurationKeyName(ReadModelKey), NpgsqlConnectionString]
    public string? ReadModelConnectionString { get; init => field = string.IsNullOrWhiteSpace(value) ? null : value; }

    /// <summary>Whether this node has what the projector needs: a read model and the feed's NATS server.</summary>
    private bool CanProject => ReadModelConnectionString is not null && Ledger.NatsUrl is not null;

    /// <summary>The projector this node runs or asks: <see cref="Projector"/> at this node's read model and NATS; null without either.</summary>
    public ProjectorOptions? ConnectedProjector =>
        ReadModelConnectionString is { } readModel && Ledger.NatsUrl is { } nats ? Projector.At(readModel, nats, Ledger.EventStoreConnectionString) : null;

    /// <summary>Where the HTTP gateway listens; port 0 picks a free one.</summary>
    [HttpUrl]
    public string Url { get; init; } = "http://127.0.0.1:5080";

    /// <summary>"Chronicle:&lt;key&gt;", a key of this section as configuration names it.</summary>
    public static string KeyOf(string key) => $"{Section}:{key}";

    /// <summary>"Chronicle__&lt;key&gt;", a key of this section as an environment variable names it.</summary>
    public static string EnvironmentNameOf(string key) => KeyOf(key).Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Asked for by name, a projector without its read model would be a silent no-op: refused at start.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RoleSet.Contains(NodeRoles.Projector) && Roles is not null && !CanProject)
            yield return new ValidationResult(
                $"the projector role needs {KeyOf(ReadModelKey)} and {KeyOf(LedgerOptions.NatsKey)} (env {EnvironmentNameOf(ReadModelKey)}, {EnvironmentNameOf(LedgerOptions.NatsKey)})",
                [nameof(Roles)]);
    }
}
