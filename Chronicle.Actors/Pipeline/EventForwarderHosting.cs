using Akka.Cluster.Hosting;
using Akka.Hosting;
using Chronicle.Actors.Hosting;

namespace Chronicle.Actors.Pipeline;

/// <summary>Akka.Hosting registration of the journal → JetStream forwarder.</summary>
internal static class EventForwarderHosting
{
    /// <summary>The forwarder when the ledger has a NATS URL; nothing when it has none.</summary>
    public static AkkaConfigurationBuilder WithEventForwarder(this AkkaConfigurationBuilder builder, LedgerOptions options) =>
        options.NatsUrl is null
            ? builder
            : builder.WithEventForwarder(options.Forwarder with { NatsUrl = options.NatsUrl }, options.EventStoreConnectionString);

    /// <summary>The forwarder as a cluster singleton on the ledger role.</summary>
    /// <param name="eventStoreConnectionString">The journal, which the singleton follows and its lag metric probes.</param>
    public static AkkaConfigurationBuilder WithEventForwarder(this AkkaConfigurationBuilder builder, ForwarderOptions options,
        string eventStoreConnectionString) =>
        builder.WithSingleton<EventForwarder>(
            EventForwarder.SingletonName,
            ForwarderHost.Props(options, eventStoreConnectionString),
            new ClusterSingletonOptions { Role = LedgerHosting.LedgerRole },
            createProxyToo: false);
}
