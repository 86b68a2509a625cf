using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>
/// `stop NAME` (SIGTERM through Aspire: a node leaves the cluster), `start NAME`, `kill NAME` (SIGKILL,
/// for fault drills): one part of the running stack, the rest left running. `up` starts what is stopped.
/// </summary>
internal static class PartVerb
{
    public static async Task<int> RunAsync(string action, string name)
    {
        var stack = Repository.Current;
        using var control = await StackControl.ConnectAsync(stack.ControlFile) ?? throw new UsageException("nothing runs (./chronicle up)");
        if (!stack.Names.Contains(name)) throw new UsageException($"unknown part '{name}' ({string.Join(", ", stack.Names)})");
        Console.WriteLine($"==> {action} {name}");
        await (action switch
        {
            "stop" => control.StopAsync(name),
            "start" => control.StartAsync(name),
            _ => control.KillAsync(name),
        });
        var part = (await control.ResourcesAsync()).Single(p => p.Name == name);
        Console.WriteLine($"{part.Name,-16} {part.State}{(part.ExitCode is { } code ? $" (exit code {code})" : "")}");
        return 0;
    }
}
