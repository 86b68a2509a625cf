using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Serialization;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Chain;
using LinqToDB;

namespace Chronicle.Actors.Hosting;

/// <summary>Akka.Hosting extensions that turn an actor system into a Chronicle cluster node and, with the ledger role, a ledger node.</summary>
public static class LedgerHosting
{
    public const string ActorSystemName = "chronicle";
    public const string LedgerRole = "ledger";
    public const string AccountShardTypeName = "account";

    /// <summary>The entity types the ledger shards, by their sharding type name.</summary>
    public static readonly IReadOnlyList<string> ShardTypeNames = [AccountShardTypeName];

    /// <summary>
    /// What every node runs, whatever its roles: cluster.hocon, remoting, cluster membership with
    /// <paramref name="roles"/>, and the event store's plugins (time travel and the projector's gap
    /// repair read it on nodes that host no account).
    /// </summary>
    public static AkkaConfigurationBuilder WithChronicleCluster(this AkkaConfigurationBuilder builder, LedgerOptions options, IEnumerable<string> roles)
    {
        builder
            .AddHocon(ClusterHocon.Load(), HoconAddMode.Prepend)
            .WithRemoting(options.Hostname, options.Port)
            .WithClustering(new ClusterOptions { Roles = roles.ToArray(), SeedNodes = options.SeedNodeAddresses.ToArray() })
            .WithChronicleEventStore(options.EventStoreConnectionString);
        if (options.SeedNodeAddresses.Count > 0) return builder;

        // A lone node: no seed to wait for, it is the whole cluster.
        return builder.AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
    }

    /// <summary>The ledger role: the account shards, the event forwarder and the transfer recovery scan.</summary>
    public static AkkaConfigurationBuilder WithChronicleLedger(this AkkaConfigurationBuilder builder, LedgerOptions options) =>
        builder
            .WithShardRegion<AccountShards>(
                AccountShardTypeName,
                // An account asks other accounts (a transfer's credit) through the same region it lives in.
                (_, registry, _) => accountId => AccountActor.Props(accountId, options.Accounts, options.Transfers, registry.Get<AccountShards>()),
                new AccountMessageExtractor(options.NumberOfShards),
                new ShardOptions
                {
                    Role = LedgerRole,
                    StateStoreMode = StateStoreMode.DData,
                    // Not remembered entities: TransferRecovery wakes the accounts with transfers open.
                    RememberEntities = false,
                    // Not PoisonPill: an account stopped for a hand-off first answers the writes it has in flight.
                    HandOffStopMessage = StopAccount.Instance,
                })
            .WithEventForwarder(options)
            .WithSingleton<TransferRecovery>(
                TransferRecovery.SingletonName,
                (_, registry, _) => TransferRecovery.Props(registry.Get<AccountShards>(), options.EventStoreConnectionString, options.Transfers),
                new ClusterSingletonOptions { Role = LedgerRole },
                createProxyToo: false);

    /// <summary>
    /// A node without the ledger role reaches the accounts through a shard region proxy, registered under
    /// the same key as the region itself, so its code asks it the same way.
    /// </summary>
    public static AkkaConfigurationBuilder WithChronicleLedgerProxies(this AkkaConfigurationBuilder builder, LedgerOptions options) =>
        builder.WithShardRegionProxy<AccountShards>(AccountShardTypeName, LedgerRole, new AccountMessageExtractor(options.NumberOfShards));

    /// <summary>
    /// The journal and snapshot store on SQL, with the ledger's serializer. Usable without a cluster (tests).
    /// The schema is not auto-initialized (that DDL is PL/pgSQL CockroachDB may refuse):
    /// call <see cref="EventStore.EventStoreSchema.EnsureCreatedAsync"/> before the node starts.
    /// </summary>
    public static AkkaConfigurationBuilder WithChronicleEventStore(this AkkaConfigurationBuilder builder, string connectionString) =>
        builder
            .WithSqlPersistence(
                // Bounded on the server: the event feed's gap wait depends on it (JournalTransactionBound).
                JournalTransactionBound.Apply(connectionString),
                ProviderName.PostgreSQL15,
                autoInitialize: false,
                // CSV: the key's tag goes in the event's own row (IdempotencyTag), written in one bulk insert
                // with the rest of the batch; the tag table would cost an insert per tagged event.
                tagStorageMode: TagMode.Csv,
                journalBuilder: journal => journal.AddWriteEventAdapter<IdempotencyTagging>("idempotency-tag", [typeof(ChainedEvent)]))
            .WithCustomSerializer("chronicle", LedgerSerializer.BoundTypes, system => new LedgerSerializer(system))
            // Over the plugin's defaults: the journal that confirms a batch without events (LedgerJournal).
            .AddHocon(LedgerJournal.ClassSetting, HoconAddMode.Prepend);
}
