using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Chronicle.Tests.Infrastructure;

/// <summary>An actor system with only the event store (no cluster, no HTTP): for driving account actors directly.</summary>
public sealed class EventStoreHost : IAsyncDisposable
{
    private readonly IHost _host;

    private EventStoreHost(IHost host) => _host = host;

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    public static async Task<EventStoreHost> StartAsync(string eventStore)
    {
        await EventStoreSchema.EnsureCreatedAsync(eventStore);
        var host = Host.CreateDefaultBuilder()
            .ConfigureServices(services => services.AddAkka("event-store-host", akka => akka.WithChronicleEventStore(eventStore)))
            .Build();
        await host.StartAsync();
        return new EventStoreHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
