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

    /// <summary>
    /// The forwarder as a cluster singleton on the ledger role, and the SQL read journal it reads,
    /// tuned so that it polls often yet never gives up on a late commit (see <see cref="ForwarderOptions.GapTimeout"/>).
    /// </summary>
    /// <param name="eventStoreConnectionString">The journal, which the singleton's lag metric probes.</param>
    public static AkkaConfigurationBuilder WithEventForwarder(this AkkaConfigurationBuilder builder, ForwarderOptions options,
        string eventStoreConnectionString) =>
        builder
            .AddHocon(ReadJournalSettings(options), HoconAddMode.Prepend)
            .WithSingleton<EventForwarder>(
                EventForwarder.SingletonName,
                ForwarderHost.Props(options, eventStoreConnectionString),
                new ClusterSingletonOptions { Role = LedgerHosting.LedgerRole },
                createProxyToo: false);

    /// <summary>
    /// The read journal returns events only up to the highest ordering below which it has seen no
    /// hole (its JournalSequenceActor); a hole still there after max-tries × query-delay is taken
    /// for a rolled-back insert and passed. Low latency wants a short query-delay, which with the
    /// default max-tries (10) gives up on a commit that is a second late: so max-tries is derived
    /// from the gap timeout instead. No typed option exists for these in Akka.Persistence.Sql.Hosting.
    /// </summary>
    private static string ReadJournalSettings(ForwarderOptions options) => $$"""
        akka.persistence.query.journal.sql {
          refresh-interval = {{(int)options.PollInterval.TotalMilliseconds}}ms
          journal-sequence-retrieval {
            query-delay = {{(int)options.PollInterval.TotalMilliseconds}}ms
            max-tries = {{options.GapMaxTries}}
            # The stream asks the sequence actor before every query; a busy machine must not turn
            # a slow answer into a failure.
            ask-timeout = 5s
          }
        }
        """;
}
