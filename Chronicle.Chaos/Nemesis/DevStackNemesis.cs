using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.DevStack;

namespace Chronicle.Chaos.Nemesis;

/// <summary>
/// The nemesis on the stack of <c>./chronicle up --nodes N [--ha]</c>, through its AppHost's control endpoint:
/// a ledger node killed (SIGKILL), NATS and the read model stopped, the members found by their pids for a
/// partition, and, with --ha, the event store's primary killed. Healing starts every part that is not
/// running (as <c>up</c> does), then waits for the gateway to see every member up and reachable and, with
/// --ha, for every event store server to be back (the killed one as a replica).
/// </summary>
internal sealed class DevStackNemesis(StackControl control, DevStackDefinition stack, HttpClient operatorGateway) : INemesis
{
    /// <summary>A downed node's exit, its restart and join, on a loaded machine; or a killed primary rewound and caught up.</summary>
    private static readonly TimeSpan HealDeadline = TimeSpan.FromMinutes(3);

    public IReadOnlySet<string> Supported { get; } =
        FaultNames.All.Where(name => name is not (FaultNames.KillStorePrimary or FaultNames.KillNats) || stack.Replicated).ToHashSet();

    public IReadOnlyList<string> LedgerNodes { get; } = [.. stack.Nodes.Select(n => n.Name).Where(name => name.StartsWith(ClusterMember.Ledger + "-", StringComparison.Ordinal))];

    public Task KillLedgerAsync(string node) => control.KillAsync(node);

    public async Task StopBusAsync()
    {
        foreach (var server in stack.NatsServers) await control.StopAsync(server.Name);
    }

    public IReadOnlyList<string> BusServers { get; } = stack.Replicated ? [.. stack.NatsServers.Select(s => s.Name)] : [];

    public Task KillBusServerAsync(string server) => control.KillAsync(server);

    public Task StopReadModelAsync() => control.StopAsync(DevStackDefinition.ReadModelName);

    public async Task<string> KillStorePrimaryAsync()
    {
        var killed = await stack.ReplicatedEventStore.KillPrimaryAsync() ?? throw new InvalidOperationException("no event store server is primary");
        return $"{killed.Name}'s PostgreSQL, the primary, killed (SIGKILL)";
    }

    public async Task<IReadOnlyList<ClusterMember>> MembersAsync()
    {
        var pids = (await control.ResourcesAsync()).Where(p => p is { IsRunning: true, Pid: not null }).ToDictionary(p => p.Name, p => p.Pid!.Value);
        return [.. stack.Nodes.Where(n => pids.ContainsKey(n.Name)).Select(n => new ClusterMember(n.Name, pids[n.Name], n.AkkaPort))];
    }

    public Task HealAsync() =>
        Eventually.Until(async () =>
        {
            try
            {
                // All at once: a start returns when its part is healthy, and one nats-server of three is healthy only
                // once the others are back too (a JetStream quorum), so one at a time would wait on itself.
                await Task.WhenAll((await control.ResourcesAsync()).Where(p => p.IsStopped).Select(p => control.StartAsync(p.Name)));
                return await MissingAsync();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                // Seen under load: the AppHost's listener reset a kept-alive connection, or a start outwaited its
                // deadline (a restarted nats-server stays unhealthy while a consumer's Raft group has no quorum).
                // Asked again on the next probe, until the heal's own deadline.
                return $"the AppHost's control endpoint: {e.Message}";
            }
        }, missing => missing is null, HealDeadline, "the stack whole again");

    /// <summary>What keeps the stack from being whole, or null when it is.</summary>
    private async Task<string?> MissingAsync()
    {
        if ((await control.ResourcesAsync()).FirstOrDefault(p => !p.IsRunning) is { } part) return $"{part.Name} {part.State}";
        try
        {
            using var response = await operatorGateway.GetAsync("/admin/cluster");
            if (!response.IsSuccessStatusCode) return $"GET /admin/cluster answered {(int)response.StatusCode}";
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            var up = view.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "up" && m.GetProperty("reachable").GetBoolean());
            if (up != stack.Nodes.Count || view.GetProperty("unreachable").GetArrayLength() > 0) return $"{up} of {stack.Nodes.Count} members up and reachable";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return $"the gateway: {e.Message}";
        }
        if (!stack.Replicated) return null;
        foreach (var member in stack.ReplicatedEventStore.Postgres)
            if (await ReplicatedEventStoreSpec.RoleOfAsync(member) == "down") return $"{member.Name} down";
        return await stack.ReplicatedEventStore.ReplicatesAsync() ? null : "no synchronous replica";
    }
}
