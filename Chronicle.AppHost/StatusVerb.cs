using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>`status`: every part of the recorded layout, its state, health and pid as Aspire tracks them. Exit 0 all running and healthy, 3 otherwise.</summary>
internal static class StatusVerb
{
    public static async Task<int> RunAsync()
    {
        var stack = Repository.Current;
        using var control = await StackControl.ConnectAsync(stack.ControlFile);
        if (control is null)
        {
            foreach (var name in stack.Names) Console.WriteLine($"{name,-17} stopped");
            Console.WriteLine("(no AppHost runs: ./chronicle up)");
            return 3;
        }
        var parts = await control.ResourcesAsync();
        var addresses = await AddressesAsync(stack);
        foreach (var part in parts)
            Console.WriteLine($"{part.Name,-17} {part.State,-9} {(part is { IsRunning: true, Pid: { } pid } ? $"pid {pid}" : ""),-10} {part.Health ?? "-",-9} {addresses.GetValueOrDefault(part.Name)}");
        Console.WriteLine($"{"dashboard",-17} {control.Address.Dashboard}");
        return parts.All(p => p is { IsRunning: true, Health: "Healthy" }) ? 0 : 3;
    }

    /// <summary>Where each part listens; with --ha also each PostgreSQL server's role as its Patroni says, and which nats-server leads the stream.</summary>
    private static async Task<Dictionary<string, string>> AddressesAsync(DevStackDefinition stack)
    {
        var addresses = new Dictionary<string, string>
        {
            [DevStackDefinition.EventStoreName] = $"127.0.0.1:{stack.Ports.EventStore}",
            [DevStackDefinition.ReadModelName] = $"127.0.0.1:{stack.Ports.ReadModel}",
        };
        var leaders = stack.Replicated ? await stack.NatsCluster.StreamLeadersAsync() : new Dictionary<string, string>();
        foreach (var server in stack.NatsServers)
            addresses[server.Name] = $"{server.Url}  monitor 127.0.0.1:{server.MonitorPort}" +
                                     string.Concat(leaders.Where(l => l.Value == server.Name).Select(l => $"  leads {l.Key}"));
        if (stack.Replicated)
        {
            foreach (var etcd in stack.ReplicatedEventStore.Etcd) addresses[etcd.Name] = etcd.ClientAddress;
            foreach (var member in stack.ReplicatedEventStore.Postgres)
                addresses[member.Name] = $"127.0.0.1:{member.PostgresPort}  patroni 127.0.0.1:{member.ApiPort}  {await ReplicatedEventStoreSpec.RoleOfAsync(member)}";
        }
        foreach (var node in stack.Nodes) addresses[node.Name] = $"{node.Url}  akka 127.0.0.1:{node.AkkaPort}";
        return addresses;
    }
}
