using System.Globalization;

namespace Chronicle.Bench;

/// <summary>
/// The dev stack as the cluster scenario drives it: through the <c>./chronicle</c> script (down, up
/// --nodes N), and the pid files it keeps under .chronicle/ to kill one node as a crash would.
/// </summary>
public sealed class DevStack(string script)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Stops whatever runs and starts the cluster with <paramref name="ledgerNodes"/> ledger nodes, a gateway and a projector.</summary>
    public async Task SwitchToAsync(int ledgerNodes)
    {
        await RunAsync("down");
        await UpAsync(ledgerNodes);
    }

    /// <summary><c>up --nodes N</c>: starts what of that layout is not running (a killed node, a stopped server).</summary>
    public Task UpAsync(int ledgerNodes) => RunAsync("up", "--nodes", ledgerNodes.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>stop COMPONENT</c>: one component (nats, postgres-read, a node) stopped, the rest left running.</summary>
    public Task StopAsync(string component) => RunAsync("stop", component);

    /// <summary>SIGKILL to a node the script started: no leave, no hand-off, as a crash.</summary>
    public void Kill(string node)
    {
        var pidFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(script))!, ".chronicle", node + ".pid");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        // The pid file could be stale and the pid reused: kill only a Chronicle node.
        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        if (!commandLine.Contains("Chronicle.Node.dll", StringComparison.Ordinal))
            throw new InvalidOperationException($"{pidFile} names pid {pid}, which is not a Chronicle node ({commandLine})");
        process.Kill();
    }

    private async Task RunAsync(params string[] arguments)
    {
        Console.WriteLine($"  [cluster] {script} {string.Join(' ', arguments)}");
        var result = await ProcessRunner.RunAsync(script, arguments, timeout: ScriptTimeout).ConfigureAwait(false);
        if (!result.Ok)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StdErr.Trim()}\n{result.StdOut.Trim()}");
    }
}
