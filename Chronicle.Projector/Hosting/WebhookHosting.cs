using Akka.Cluster.Hosting;
using Akka.Hosting;
using Chronicle.Projector.Webhooks;

namespace Chronicle.Projector.Hosting;

/// <summary>Akka.Hosting registration of webhook delivery: where the projector runs, for the same reasons (it consumes the feed).</summary>
public static class WebhookHosting
{
    private static ClusterSingletonOptions OnProjectorRole => new() { Role = ProjectorHosting.ProjectorRole };

    /// <summary>
    /// The webhook dispatcher as a cluster singleton on the projector role (one set of endpoint lanes in the
    /// cluster), and a proxy to it in the registry, which the admin routes tell when endpoints change.
    /// </summary>
    public static AkkaConfigurationBuilder WithChronicleWebhooks(this AkkaConfigurationBuilder builder, ProjectorOptions feed, WebhookOptions options) =>
        builder.WithSingleton<WebhookDispatcher>(WebhookDispatcher.SingletonName, WebhookDispatcher.Props(feed, options), OnProjectorRole,
            createProxyToo: true);

    /// <summary>Only the proxy, on a node without the projector role (a gateway registering endpoints).</summary>
    public static AkkaConfigurationBuilder WithChronicleWebhooksProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<WebhookDispatcher>(WebhookDispatcher.SingletonName, OnProjectorRole);
}
