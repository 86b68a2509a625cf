using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Chronicle.DevStack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chronicle.AppHost;

/// <summary>
/// The AppHost proper (`run`): the parts of <see cref="DevStackDefinition"/> as Aspire executable
/// resources. PostgreSQL through its wrapper (initdb when new, then exec of the server as postgres),
/// healthy once it accepts connections (with --ha: etcd and Patroni members, healthy at their /health);
/// nats-server healthy once its monitor port says JetStream is up (with --ha nats-1..3, each once the
/// cluster has a metadata leader and it has caught up); the nodes healthy at /readyz 200, each waiting
/// for the servers (and a cluster's other nodes for ledger-1, which creates the event store's tables). The dashboard shows every part's output; the
/// loopback control endpoint lets ./chronicle, the bench and the chaos test stop, start and kill parts.
/// </summary>
internal static class StackHost
{
    public static async Task<int> RunAsync(DevStackDefinition stack)
    {
        Directory.CreateDirectory(stack.LogDirectory);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [] });

        var eventStore = stack.Replicated ? ReplicatedEventStore(builder, stack.ReplicatedEventStore) : [Postgres(builder, DevStackDefinition.EventStoreName, stack.EventStore)];
        var readModel = Postgres(builder, DevStackDefinition.ReadModelName, stack.ReadModel);
        var bus = stack.NatsServers.Select(server => Executable(builder, server.Name, server.Command)
            .WithHttpEndpoint(port: server.MonitorPort, isProxied: false, name: "monitor")
            .WithHttpHealthCheck(server.HealthPath, endpointName: "monitor")).ToList();

        IResourceBuilder<ExecutableResource>? first = null;
        foreach (var node in stack.Nodes)
        {
            var resource = Executable(builder, node.Name, node.Command(Launch.DotnetHost, stack.NodeProgramDirectory))
                .WithHttpEndpoint(port: node.HttpPort, isProxied: false, name: "http")
                .WithHttpHealthCheck("/readyz", endpointName: "http")
                .WithOtlpExporter()
                .WaitFor(readModel);
            foreach (var server in eventStore.Concat(bus)) resource.WaitFor(server);
            if (first is null) first = resource;
            else resource.WaitFor(first);
        }

        builder.Services.AddSingleton(stack);
        builder.Services.AddSingleton<ResourceStates>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ResourceStates>());
        builder.Services.AddHostedService<ResourceLogFiles>();
        builder.Services.AddHostedService<ControlEndpoint>();
        await using var app = builder.Build();
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// etcd members healthy at /health (a quorum), Patroni members healthy at /health (their PostgreSQL runs),
    /// each waiting for every etcd member. Patroni is what Aspire runs: a stop is its SIGTERM, which stops its PostgreSQL.
    /// </summary>
    private static IReadOnlyList<IResourceBuilder<ExecutableResource>> ReplicatedEventStore(IDistributedApplicationBuilder builder, ReplicatedEventStoreSpec spec)
    {
        var etcd = spec.Etcd.Select(member => Executable(builder, member.Name, member.Command)
            .WithHttpEndpoint(port: member.ClientPort, isProxied: false, name: "client")
            .WithHttpHealthCheck(member.HealthUrl.AbsolutePath, endpointName: "client")).ToList();
        return [.. spec.Postgres.Select(member =>
        {
            var patroni = Executable(builder, member.Name, member.Command)
                .WithHttpEndpoint(port: member.ApiPort, isProxied: false, name: "patroni")
                .WithHttpHealthCheck("/health", endpointName: "patroni");
            foreach (var e in etcd) patroni.WaitFor(e);
            return patroni;
        })];
    }

    private static IResourceBuilder<ExecutableResource> Postgres(IDistributedApplicationBuilder builder, string name, PostgresServerSpec spec)
    {
        var check = name + "-accepts-connections";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, async _ =>
            await spec.AcceptsConnectionsAsync() ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("not accepting connections"));
        return Executable(builder, name, spec.Command).WithHealthCheck(check);
    }

    private static IResourceBuilder<ExecutableResource> Executable(IDistributedApplicationBuilder builder, string name, StackCommand command)
    {
        var resource = builder.AddExecutable(name, command.Program, command.WorkingDirectory, [.. command.Arguments]);
        foreach (var (key, value) in command.Environment) resource.WithEnvironment(key, value);
        return resource;
    }
}
