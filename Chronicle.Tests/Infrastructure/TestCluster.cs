using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Hosting;
using Chronicle.Contracts.Accounts;
using Chronicle.Gateway;
using Chronicle.Gateway.Roles;
using Microsoft.Extensions.DependencyInjection;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A cluster laid out as <c>./chronicle up --nodes N</c> lays it out: N ledger nodes, each a process of
/// its own (so one can be killed for real, or sent SIGTERM), and a gateway-only node in this process,
/// which the tests talk HTTP to (through <see cref="TestNode"/>) and whose view of the cluster they read.
/// With a read side, ledger-1 also has the projector role.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private readonly string _eventStore;
    private readonly List<NodeProcess> _ledgers;
    private readonly IReadOnlyDictionary<string, string> _ledgerOneSettings;
    private readonly IReadOnlyDictionary<string, string> _ledgerSettings;

    private TestCluster(string eventStore, List<NodeProcess> ledgers, TestNode gateway, IReadOnlyDictionary<string, string> ledgerOneSettings,
        IReadOnlyDictionary<string, string> ledgerSettings)
    {
        _eventStore = eventStore;
        _ledgers = ledgers;
        Gateway = gateway;
        _ledgerOneSettings = ledgerOneSettings;
        _ledgerSettings = ledgerSettings;
    }

    /// <summary>ledger-1 (the first seed, so the oldest ledger node) to ledger-N.</summary>
    public IReadOnlyList<NodeProcess> Ledgers => _ledgers;

    public TestNode Gateway { get; }

    public Akka.Cluster.Cluster GatewayCluster => Akka.Cluster.Cluster.Get(Gateway.ActorSystem);

    /// <param name="natsUrl">With <paramref name="readModel"/>: the read side (forwarder on the ledger nodes, projector on ledger-1).</param>
    /// <param name="streamReplicas">Copies of the feed's stream (Chronicle:Forwarder:StreamReplicas): 3 on a bus of three servers.</param>
    public static async Task<TestCluster> StartAsync(string eventStore, int ledgerNodes = 3, string? natsUrl = null, string? readModel = null, int streamReplicas = 1)
    {
        // Created once here, not by N processes starting at the same moment on an empty database.
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        var readSide = natsUrl is not null && readModel is not null;
        var seedPort = FreePort.Next();
        var seed = NodeProcess.AddressOf(seedPort);
        // One set of keys for every node, as ./chronicle gives them: the operator's reads /metrics on each.
        var keys = TestApiKeys.Create();
        var ledgerSettings = new Dictionary<string, string> { ["Roles"] = "ledger", ["ApiKeysFile"] = keys.File };
        if (natsUrl is not null) ledgerSettings["Nats"] = natsUrl;
        if (streamReplicas != 1) ledgerSettings["Forwarder__StreamReplicas"] = streamReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ledgerOneSettings = readSide ? new Dictionary<string, string>(ledgerSettings) { ["Roles"] = "ledger,projector", ["ReadModel"] = readModel! } : ledgerSettings;
        var ledgers = new List<NodeProcess>();
        for (var n = 1; n <= ledgerNodes; n++)
            ledgers.Add(NodeProcess.Start($"ledger-{n}", eventStore, n == 1 ? seedPort : FreePort.Next(), [seed], n == 1 ? ledgerOneSettings : ledgerSettings));

        TestNode gateway;
        try
        {
            gateway = await TestNode.StartAsync(new NodeSettings
            {
                Url = "http://127.0.0.1:0",
                Roles = NodeRoles.Gateway,
                ReadModelConnectionString = readModel,
                Ledger = new LedgerOptions { EventStoreConnectionString = eventStore, Port = 0, SeedNodes = seed, NatsUrl = natsUrl },
            }, keys: keys);
        }
        catch (TimeoutException e)
        {
            // Read before disposing: disposing deletes the logs.
            var tail = ledgers[0].LogTail();
            await Task.WhenAll(ledgers.Select(l => l.DisposeAsync().AsTask()));
            throw new TimeoutException($"{e.Message}; ledger-1's log ends:\n{tail}", e);
        }

        var cluster = new TestCluster(eventStore, ledgers, gateway, ledgerOneSettings, ledgerSettings);
        try
        {
            await cluster.AwaitLedgerRegionsAsync(ledgers.Count, StartDeadline);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>
    /// Every ledger node is Up and both shard coordinators know <paramref name="count"/> regions, so the
    /// shards of accounts created from now on are spread over all of them.
    /// </summary>
    private Task AwaitLedgerRegionsAsync(int count, TimeSpan deadline) =>
        Eventually.Until(async () =>
        {
            ThrowIfAnyExited();
            return await LedgerViewAsync();
        }, view => view.Whole(count), deadline, $"{count} ledger nodes up, hosting both shard types");

    /// <summary>
    /// After a fault: starts every ledger node that exited (killed, or downed by the split-brain resolver)
    /// again, and returns once all are up, reachable from the gateway, and hosting both shard types.
    /// </summary>
    public Task HealAsync(TimeSpan deadline) =>
        Eventually.Until(async () =>
        {
            foreach (var exited in _ledgers.Where(l => l.HasExited).ToList()) await RestartLedgerAsync(exited.Name);
            return await LedgerViewAsync();
        }, view => view.Whole(_ledgers.Count), deadline, "every ledger node up and reachable again, hosting both shard types");

    /// <summary>The ledger nodes as the gateway sees them: Up and reachable, and the regions each shard coordinator knows ("?" while one does not answer).</summary>
    private async Task<LedgerView> LedgerViewAsync()
    {
        var state = GatewayCluster.State;
        var up = state.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(NodeRoles.Ledger) && !state.Unreachable.Contains(m));
        try
        {
            return new LedgerView(up, state.Unreachable.Count, string.Join(",", await RegionCountsAsync()));
        }
        catch (AskTimeoutException)
        {
            return new LedgerView(up, state.Unreachable.Count, "?"); // a coordinator moving to another node
        }
    }

    private sealed record LedgerView(int Up, int Unreachable, string Regions)
    {
        public bool Whole(int ledgers) => Up == ledgers && Unreachable == 0 && Regions.Split(',').All(r => r == ledgers.ToString());
    }

    /// <summary>Where each shard of <paramref name="typeName"/> lives: shard id → the hosting node's address.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ShardHomesAsync(string typeName)
    {
        var stats = await ClusterSharding.Get(Gateway.ActorSystem).ShardRegion(typeName)
            .Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(15));
        return stats.Regions.SelectMany(region => region.Value.Stats.Keys.Select(shard => (shard, address: region.Key.ToString())))
            .ToDictionary(x => x.shard, x => x.address);
    }

    /// <summary>The ledger node hosting each account now (the accounts must have been started, e.g. created).</summary>
    public async Task<IReadOnlyDictionary<string, string>> AccountHomesAsync(IEnumerable<string> accountIds)
    {
        var homes = await ShardHomesAsync(LedgerHosting.AccountShardTypeName);
        var extractor = new AccountMessageExtractor(Gateway.Services.GetRequiredService<NodeSettings>().Ledger.NumberOfShards);
        return accountIds.ToDictionary(id => id, id => homes[extractor.ShardId(id, new GetAccountState(id))]);
    }

    /// <summary>
    /// Starts a ledger node again (after a kill) at its address, as a new incarnation. It joins through
    /// the other ledger nodes: ledger-1 alone as its own seed would form a second cluster.
    /// </summary>
    public async Task RestartLedgerAsync(string name)
    {
        var index = _ledgers.FindIndex(l => l.Name == name);
        var old = _ledgers[index];
        if (!old.HasExited) throw new InvalidOperationException($"{name} still runs");
        await old.DisposeAsync();
        var seeds = _ledgers.Where(l => l != old).Select(l => l.Address).ToList();
        _ledgers[index] = NodeProcess.Start(name, _eventStore, old.AkkaPort, seeds, index == 0 ? _ledgerOneSettings : _ledgerSettings);
    }

    /// <summary>Waits until the gateway no longer counts <paramref name="address"/> among the members (it left, or was downed and removed).</summary>
    public Task AwaitRemovedAsync(string address, TimeSpan deadline) =>
        Eventually.Until(() => Task.FromResult(GatewayCluster.State.Members.Select(m => m.Address.ToString()).ToList()),
            members => !members.Contains(address), deadline, $"{address} removed from the cluster");

    public async ValueTask DisposeAsync()
    {
        // The gateway leaves while the ledger nodes still answer (quick), then they are killed (quicker still).
        await Gateway.DisposeAsync();
        await Task.WhenAll(_ledgers.Select(l => l.DisposeAsync().AsTask()));
    }

    private async Task<int[]> RegionCountsAsync()
    {
        var sharding = ClusterSharding.Get(Gateway.ActorSystem);
        return await Task.WhenAll(LedgerHosting.ShardTypeNames.Select(async type =>
            (await sharding.ShardRegion(type).Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(10))).Regions.Count));
    }

    /// <summary>A node that died while starting is a failure of the set-up: say so with its log, instead of waiting out a deadline.</summary>
    private void ThrowIfAnyExited()
    {
        if (_ledgers.FirstOrDefault(l => l.HasExited) is { } dead)
            throw new InvalidOperationException($"{dead.Name} exited ({dead.ExitCode}); its log ends:\n{dead.LogTail()}");
    }
}
