using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>
/// `down`: asks the AppHost to stop (as SIGTERM would): Aspire stops every part (the nodes leave the
/// cluster; PostgreSQL and nats-server shut down cleanly) and then itself. Returns once the AppHost
/// and every part it ran are gone. Data stays in .chronicle/.
/// </summary>
internal static class DownVerb
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync()
    {
        var stack = Repository.Current;
        using var control = await StackControl.ConnectAsync(stack.ControlFile);
        if (control is null)
        {
            Console.WriteLine("==> not running");
            return 0;
        }
        var pids = (await control.ResourcesAsync()).Where(p => p.Pid is not null).Select(p => (p.Name, Pid: p.Pid!.Value)).Append((Name: "apphost", Pid: control.Address.Pid)).ToList();
        // With --ha each PostgreSQL is its Patroni's child, not Aspire's: gone only once Patroni has stopped it.
        foreach (var member in stack.Replicated ? stack.ReplicatedEventStore.Postgres : [])
            if (member.PostmasterPid() is { } postmaster) pids.Add((member.Name + " (postmaster)", postmaster));
        Console.WriteLine("==> stopping " + string.Join(", ", pids.Select(p => p.Name)));
        await control.ShutdownAsync();
        await Eventually.Until(() => Task.FromResult(pids.Where(p => Signals.Alive(p.Pid)).Select(p => p.Name).ToList()), left => left.Count == 0,
            Deadline, "the AppHost and its parts gone");
        Console.WriteLine("==> stopped; data kept in .chronicle/ (remove it for a clean slate)");
        return 0;
    }
}
