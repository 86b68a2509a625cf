using Akka.Actor;
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
using LinqToDB;

namespace Chronicle.Actors.Hosting;

/// <summary>Akka.Hosting extensions that turn an actor system into a Chronicle ledger node.</summary>
public static class LedgerHosting
{
    public const string ActorSystemName = "chronicle";
    public const string LedgerRole = "ledger";
    public const string AccountShardTypeName = "account";
    public const string TransferShardTypeName = "transfer";

    /// <summary>Everything a node with the ledger role runs: cluster, event store, serializer, account shards.</summary>
    public static AkkaConfigurationBuilder WithChronicleLedger(this AkkaConfigurationBuilder builder, LedgerOptions options) =>
        builder
            .AddHocon(ClusterHocon.Load(), HoconAddMode.Prepend)
            .WithRemoting(options.Hostname, options.Port)
            .WithClustering(new ClusterOptions { Roles = [LedgerRole, .. options.AdditionalRoles], SeedNodes = options.SeedNodes.ToArray() })
            .WithChronicleEventStore(options.EventStoreConnectionString)
            .WithShardRegion<AccountActor>(
                AccountShardTypeName,
                accountId => AccountActor.Props(accountId, options.Accounts),
                new AccountMessageExtractor(options.NumberOfShards),
                new ShardOptions { Role = LedgerRole, StateStoreMode = StateStoreMode.DData, RememberEntities = false })
            .WithEventForwarder(options)
            .WithShardRegion<TransferActor>(
                TransferShardTypeName,
                (_, registry, _) => transferId => TransferActor.Props(transferId, registry.Get<AccountActor>(), options.Transfers),
                new TransferMessageExtractor(options.NumberOfShards),
                // Not remembered entities: TransferRecovery resumes unfinished sagas (see TransferActor).
                new ShardOptions { Role = LedgerRole, StateStoreMode = StateStoreMode.DData, RememberEntities = false })
            .WithSingleton<TransferRecovery>(
                TransferRecovery.SingletonName,
                (_, registry, _) => TransferRecovery.Props(registry.Get<TransferActor>(), options.EventStoreConnectionString, options.Transfers),
                new ClusterSingletonOptions { Role = LedgerRole },
                createProxyToo: false)
            .WithActors((system, registry) => system.ActorOf(ClusterMetrics.Props(registry), "cluster-metrics"))
            .AddStartup((system, _) =>
            {
                if (options.SeedNodes.Count == 0) Cluster.Get(system).Join(Cluster.Get(system).SelfAddress);
            });

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
                tagStorageMode: TagMode.TagTable)
            .WithCustomSerializer("chronicle", LedgerSerializer.BoundTypes, system => new LedgerSerializer(system));
}
