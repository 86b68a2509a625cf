using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>
/// `stop NAME` (SIGTERM through Aspire: a node leaves the cluster), `start NAME`, `kill NAME` (SIGKILL,
/// for fault drills): one part of the running stack, the rest left running. `up` starts what is stopped.
/// `kill event-store-primary` (up --ha): SIGKILL of whichever PostgreSQL is primary now, not a part of
/// Aspire's but a child of its Patroni; waits until another server is primary and says how long it took.
/// `kill nats-N` (up --ha) is a part's kill; when that server led the stream, it also waits until another
/// leads it and says how long that took.
/// </summary>
internal static class PartVerb
{
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string action, string name)
    {
        var stack = Repository.Current;
        using var control = await StackControl.ConnectAsync(stack.ControlFile) ?? throw new UsageException("nothing runs (./chronicle up)");
        if (action == "kill" && name == DevStackDefinition.EventStorePrimaryName) return await KillPrimaryAsync(stack);
        if (!stack.Names.Contains(name)) throw new UsageException($"unknown part '{name}' ({string.Join(", ", stack.Names)})");
        var led = action == "kill" ? await StreamsLedByAsync(stack, name) : [];
        Console.WriteLine($"==> {action} {name}");
        var sentAt = DateTime.UtcNow;
        await (action switch
        {
            "stop" => control.StopAsync(name),
            "start" => control.StartAsync(name),
            _ => control.KillAsync(name),
        });
        var part = (await control.ResourcesAsync()).Single(p => p.Name == name);
        Console.WriteLine($"{part.Name,-17} {part.State}{(part.ExitCode is { } code ? $" (exit code {code})" : "")}");
        if (led.Count == 0) return 0;
        var leaders = await Eventually.Until(stack.NatsCluster.StreamLeadersAsync, now => led.All(now.ContainsKey), FailoverDeadline, "a new leader for every stream it led");
        foreach (var stream in led) Console.WriteLine($"==> {leaders[stream]} leads {stream} {(DateTime.UtcNow - sentAt).TotalSeconds:0.0} s after the kill");
        return 0;
    }

    /// <summary>With --ha, the streams the nats-server <paramref name="name"/> leads now; none for any other part.</summary>
    private static async Task<IReadOnlyList<string>> StreamsLedByAsync(DevStackDefinition stack, string name) =>
        stack.Replicated
            ? [.. (await stack.NatsCluster.StreamLeadersAsync()).Where(l => l.Value == name).Select(l => l.Key)]
            : [];

    private static async Task<int> KillPrimaryAsync(DevStackDefinition stack)
    {
        if (!stack.Replicated) throw new UsageException($"{DevStackDefinition.EventStorePrimaryName}: only with the replicated event store (./chronicle up --ha)");
        var store = stack.ReplicatedEventStore;
        var killedAt = DateTime.UtcNow;
        var killed = await store.KillPrimaryAsync() ?? throw new UsageException("no event store server is primary now (a failover under way?)");
        Console.WriteLine($"==> killed {killed.Name}'s PostgreSQL (SIGKILL); its Patroni hands over to the synchronous replica");
        var promoted = await Eventually.Until(store.PrimaryAsync, p => p is not null && p.Name != killed.Name, FailoverDeadline, "another server primary");
        Console.WriteLine($"==> {promoted!.Name} is primary {(DateTime.UtcNow - killedAt).TotalSeconds:0.0} s after the kill; {killed.Name} rejoins as a replica");
        return 0;
    }
}
