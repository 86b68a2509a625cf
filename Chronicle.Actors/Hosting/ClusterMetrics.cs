using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Chronicle.Actors.Hosting;

/// <summary>
/// The cluster as this node sees it, as metrics: members by status and role, and the shards and
/// entities this node hosts per entity type. Membership is read from the node's current cluster state
/// at each collection; the shard regions are asked every <see cref="SampleInterval"/> (a collection
/// cannot wait for an answer), so shard counts are up to that old.
/// <list type="bullet">
/// <item><c>chronicle.cluster.members{status, role}</c>: every status for every role seen, zeros included;</item>
/// <item><c>chronicle.cluster.unreachable_members</c>;</item>
/// <item><c>chronicle.shards{type}</c>, <c>chronicle.shard.entities{type}</c>: hosted on this node (a proxy hosts none).</item>
/// </list>
/// Each node reports its own view: sum the shard series over nodes; take one node's (or the max) for members.
/// </summary>
public sealed class ClusterMetrics : ReceiveActor, IWithTimers
{
    public const string MeterName = "Chronicle.Cluster";

    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RegionTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Every member status with its label, spelt once rather than at each collection.</summary>
    private static readonly (MemberStatus Status, string Label)[] Statuses =
        Enum.GetValues<MemberStatus>().Select(status => (status, status.ToString().ToLowerInvariant())).ToArray();

    private static readonly (string Type, Func<IReadOnlyActorRegistry, IActorRef?> Region)[] Regions =
    [
        (LedgerHosting.AccountShardTypeName, registry => registry.TryGet<AccountShards>(out var region) ? region : null),
    ];

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly IReadOnlyActorRegistry _registry;
    private Meter? _meter;
    private volatile ImmutableDictionary<string, ShardRegionStats> _regionStats = ImmutableDictionary<string, ShardRegionStats>.Empty;

    public ClusterMetrics(IReadOnlyActorRegistry registry)
    {
        _registry = registry;
        Receive<Sample>(_ => SampleRegions());
        Receive<Sampled>(sampled => _regionStats = _regionStats.SetItem(sampled.Type, sampled.Stats));
        // A region that did not answer in time keeps its last counts.
        Receive<Status.Failure>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyActorRegistry registry) => Akka.Actor.Props.Create(() => new ClusterMetrics(registry));

    protected override void PreStart()
    {
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("chronicle.cluster.members", Members, unit: "{member}",
            description: "Cluster members as this node sees them, by status and role");
        _meter.CreateObservableGauge("chronicle.cluster.unreachable_members", () => _cluster.State.Unreachable.Count, unit: "{member}",
            description: "Members this node's failure detector marks unreachable");
        _meter.CreateObservableGauge("chronicle.shards", () => PerType(stats => stats.Stats.Count), unit: "{shard}",
            description: "Shards hosted on this node, by entity type");
        _meter.CreateObservableGauge("chronicle.shard.entities", () => PerType(stats => stats.Stats.Values.Sum()), unit: "{entity}",
            description: "Entities running on this node, by entity type");
        Timers.StartPeriodicTimer(nameof(Sample), Sample.Instance, TimeSpan.Zero, SampleInterval);
    }

    private void SampleRegions()
    {
        foreach (var (type, find) in Regions)
        {
            if (find(_registry) is not { } region) continue;
            region.Ask<ShardRegionStats>(GetShardRegionStats.Instance, RegionTimeout)
                .PipeTo(Self, success: stats => new Sampled(type, stats), failure: e => new Status.Failure(e));
        }
    }

    private IEnumerable<Measurement<int>> Members()
    {
        var members = _cluster.State.Members;
        // Akka gives every member a "dc-<data center>" role; Chronicle's roles are the others.
        var roles = members.SelectMany(m => m.Roles).Where(role => !role.StartsWith("dc-", StringComparison.Ordinal)).Distinct();
        foreach (var role in roles)
            foreach (var (status, label) in Statuses)
                yield return new Measurement<int>(members.Count(m => m.Status == status && m.HasRole(role)),
                    new("status", label), new("role", role));
    }

    private IEnumerable<Measurement<int>> PerType(Func<ShardRegionStats, int> count) =>
        _regionStats.Select(entry => new Measurement<int>(count(entry.Value), new KeyValuePair<string, object?>("type", entry.Key)));

    protected override void PostStop() => _meter?.Dispose();

    private sealed record Sample
    {
        public static readonly Sample Instance = new();
    }

    private sealed record Sampled(string Type, ShardRegionStats Stats);
}
