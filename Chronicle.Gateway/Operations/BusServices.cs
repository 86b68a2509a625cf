using NATS.Client.Core;

namespace Chronicle.Gateway.Operations;

internal static class BusServices
{
    /// <summary>How long a connect or a request of the node's connection may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On a node with the feed's NATS server: its one connection for what the gateway reads of the feed (the
    /// dashboard's streams and event rate) and for /readyz's bus check, and the monitor that pings it. NATS
    /// multiplexes, so one connection serves them all; it rides out NATS restarts by reconnecting. The
    /// forwarder and the projector keep connections of their own: they run wherever their singletons are.
    /// </summary>
    public static IServiceCollection AddBus(this IServiceCollection services, NodeSettings settings)
    {
        if (settings.Ledger.NatsUrl is not { } natsUrl) return services;
        services.AddSingleton(_ => new NatsConnection(new NatsOpts { Url = natsUrl, Name = "chronicle-node", ConnectTimeout = Timeout, RequestTimeout = Timeout }));
        services.AddSingleton<BusMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<BusMonitor>());
        return services;
    }
}
