using Akka.Cluster.Hosting;
using Akka.Hosting;
using Chronicle.Projector.Partitions;

namespace Chronicle.Projector.Hosting;

/// <summary>Akka.Hosting registration of the read-model projector.</summary>
public static class ProjectorHosting
{
    /// <summary>Nodes with this role may run the projector; one of them does.</summary>
    public const string ProjectorRole = "projector";

    private static ClusterSingletonOptions OnProjectorRole => new() { Role = ProjectorRole };

    /// <summary>
    /// The projector group as a cluster singleton on the projector role (one set of partition
    /// consumers in the cluster), and a proxy to it in the registry (<c>registry.Get&lt;ProjectorGroup&gt;()</c>)
    /// for status and rebuild requests from any node.
    /// </summary>
    public static AkkaConfigurationBuilder WithChronicleProjector(this AkkaConfigurationBuilder builder, ProjectorOptions options) =>
        builder.WithSingleton<ProjectorGroup>(ProjectorGroup.SingletonName, ProjectorGroup.Props(options), OnProjectorRole, createProxyToo: true);

    /// <summary>Only the proxy, on a node without the projector role (a gateway asking for status or a rebuild).</summary>
    public static AkkaConfigurationBuilder WithChronicleProjectorProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<ProjectorGroup>(ProjectorGroup.SingletonName, OnProjectorRole);
}
