using Chronicle.Gateway.Admin.Webhooks;
using Chronicle.Gateway.Operations;
using Chronicle.Projector;

namespace Chronicle.Gateway.Admin;

internal static class AdminServices
{
    /// <summary>
    /// The rebuild state (on every node: queries consult it) and, on a node that runs the projector,
    /// the clients the admin routes use (projector, webhooks) and the watcher that ends a rebuild.
    /// </summary>
    public static IServiceCollection AddProjectorAdmin(this IServiceCollection services, ProjectorOptions? projector)
    {
        services.AddSingleton<ReadModelRebuildState>();
        if (projector is null) return services;
        services.AddSingleton(projector);
        services.AddSingleton<ProjectorClient>();
        services.AddSingleton<WebhookAdmin>();
        services.AddHostedService<RebuildWatcher>();
        return services;
    }
}
