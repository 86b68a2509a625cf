using System.Diagnostics;
using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>
/// `logs [NAME]`: the parts' output from .chronicle/logs/ (also in the dashboard). NAME: a part, `node`
/// (every node), `postgres` (every PostgreSQL server), `nats` (every nats-server), or nothing (all).
/// Follows on a terminal; prints the last lines and returns when piped (scripts, CI).
/// </summary>
internal static class LogsVerb
{
    public static async Task<int> RunAsync(string? name)
    {
        var stack = Repository.Current;
        var files = Directory.Exists(stack.LogDirectory) ? Directory.GetFiles(stack.LogDirectory, "*.log").Order().ToList() : [];
        var chosen = files.Where(f => Matches(Path.GetFileNameWithoutExtension(f), name)).ToList();
        if (chosen.Count == 0) throw new UsageException($"no logs{(name is null ? "" : $" of '{name}'")} under {stack.LogDirectory} (parts: {string.Join(", ", stack.Names)})");
        var info = new ProcessStartInfo("tail") { UseShellExecute = false };
        foreach (var argument in Console.IsOutputRedirected ? ["-n", "100"] : new[] { "-n", "50", "-F" }) info.ArgumentList.Add(argument);
        foreach (var file in chosen) info.ArgumentList.Add(file);
        using var tail = Process.Start(info)!;
        await tail.WaitForExitAsync();
        return tail.ExitCode;
    }

    private static bool Matches(string part, string? name) => name switch
    {
        null => true,
        "node" => part is "node-1" || part.StartsWith("ledger-", StringComparison.Ordinal) || part.StartsWith("gateway-", StringComparison.Ordinal)
                  || part.StartsWith("projector-", StringComparison.Ordinal),
        "postgres" => part.StartsWith("postgres-", StringComparison.Ordinal),
        "nats" => part is "nats" || part.StartsWith("nats-", StringComparison.Ordinal),
        _ => part == name,
    };
}
