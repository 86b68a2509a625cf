using Chronicle.Gateway.Roles;
using Chronicle.Projector.Feed;

namespace Chronicle.Gateway.Dashboard;

internal static class DashboardServices
{
    /// <summary>
    /// What the dashboard's routes need: on a gateway node with the feed's NATS server, the feed reader, the
    /// event rate sampler and what turns feed events into live events; without NATS, /events/stream answers
    /// 503. Nothing on other nodes: they map no dashboard, so a sampler there would ask JetStream for nothing.
    /// </summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, NodeSettings settings)
    {
        // The NATS connection is AddBus's, on every node with the feed's server.
        if (!settings.Has(NodeRoles.Gateway) || settings.Ledger.NatsUrl is null) return services;
        services.AddSingleton<FeedReader>();
        services.AddSingleton<EventRate>();
        services.AddHostedService(provider => provider.GetRequiredService<EventRate>());
        services.AddSingleton<FeedEventDecoder>();
        services.AddSingleton<AccountCurrencies>();
        services.AddSingleton<LiveEvents>();
        return services;
    }
}
