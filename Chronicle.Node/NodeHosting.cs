using Akka.Hosting;
using Chronicle.Actors.Hosting;
using Chronicle.Gateway;
using Chronicle.Gateway.Roles;
using Chronicle.Projector.Hosting;

namespace Chronicle.Node;

/// <summary>The actor system of one node, assembled from its roles.</summary>
internal static class NodeHosting
{
    public static AkkaConfigurationBuilder WithChronicleNode(this AkkaConfigurationBuilder akka, NodeSettings settings)
    {
        akka.WithChronicleCluster(settings.Ledger, settings.ClusterRoles);

        if (settings.Has(NodeRoles.Ledger)) akka.WithChronicleLedger(settings.Ledger);
        else if (settings.Has(NodeRoles.Gateway)) akka.WithChronicleLedgerProxies(settings.Ledger);

        // Every node that knows the read side can ask the projector (admin routes, rebuild watch) and tell the
        // webhook dispatcher of new endpoints; one runs both.
        if (settings.ConnectedProjector is { } projector)
        {
            if (settings.Has(NodeRoles.Projector)) akka.WithChronicleProjector(projector).WithChronicleWebhooks(projector, settings.Webhooks);
            else akka.WithChronicleProjectorProxy().WithChronicleWebhooksProxy();
        }
        // Every node reports the cluster as it sees it, and the shards it hosts (none on a gateway).
        akka.WithActors((system, registry) => system.ActorOf(ClusterMetrics.Props(registry), "cluster-metrics"));
        return akka;
    }
}
