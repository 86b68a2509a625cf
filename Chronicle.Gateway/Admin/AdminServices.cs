using Chronicle.Gateway.Operations;
using Chronicle.Projector;

namespace Chronicle.Gateway.Admin;

public static class AdminServices
{
    /// <summary>
    /// The rebuild state (on every node: queries consult it) and, on a node that runs the projector,
    /// the client the admin routes use and the watcher that ends a rebuild.
    /// </summary>
    public static IServiceCollection AddProjectorAdmin(this IServiceCollection services, ProjectorOptions? projector)
    {
        services.AddSingleton<ReadModelRebuildState>();
        if (projector is null) return services;
        services.AddSingleton(projector);
        services.AddSingleton<ProjectorClient>();
        services.AddHostedService<RebuildWatcher>();
        return services;
    }
}
