using System.Diagnostics;
using System.Globalization;

namespace Chronicle.DevStack;

/// <summary>
/// The dev stack as the bench's cluster scenario and the chaos test's nemesis drive it: whole layouts
/// through the <c>./chronicle</c> shim (down; up --nodes N, which also starts whatever of the layout is
/// stopped or killed), single parts through the running AppHost's control endpoint (stop, kill; no pid
/// files: Aspire knows each part's process).
/// </summary>
public sealed class DevStackDriver(string script)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private string ControlFile => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(script))!, ".chronicle", "control.json");

    /// <summary>Stops whatever runs and starts the cluster with <paramref name="ledgerNodes"/> ledger nodes, a gateway and a projector.</summary>
    public async Task SwitchToAsync(int ledgerNodes)
    {
        await RunAsync("down");
        await UpAsync(ledgerNodes);
    }

    /// <summary><c>up --nodes N</c>: starts what of that layout is not running (a killed node, a stopped server) and waits until all are ready.</summary>
    public Task UpAsync(int ledgerNodes) => RunAsync("up", "--nodes", ledgerNodes.ToString(CultureInfo.InvariantCulture));

    /// <summary>One part (nats, postgres-read, a node) stopped cleanly, the rest left running.</summary>
    public Task StopAsync(string part) => WithControlAsync(control => control.StopAsync(part));

    /// <summary>SIGKILL to one part: no leave, no hand-off, as a crash.</summary>
    public Task KillAsync(string part) => WithControlAsync(control => control.KillAsync(part));

    private async Task WithControlAsync(Func<StackControl, Task> act)
    {
        using var control = await StackControl.ConnectAsync(ControlFile) ?? throw new InvalidOperationException($"no dev stack runs ({ControlFile})");
        await act(control);
    }

    private async Task RunAsync(params string[] arguments)
    {
        Console.WriteLine($"  [stack] {script} {string.Join(' ', arguments)}");
        var info = new ProcessStartInfo(script) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited {process.ExitCode}: {(await errors).Trim()}\n{(await output).Trim()}");
    }
}
