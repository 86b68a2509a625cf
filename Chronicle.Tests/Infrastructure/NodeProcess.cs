namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A Chronicle node as a process of its own, as <c>./chronicle up --nodes N</c> starts them (the same
/// Chronicle.DevStack definition): the node program of this very build (Chronicle.Node.dll, copied next
/// to the tests) on loopback, configured through Chronicle__* variables, its output in a log file
/// (deleted with the node unless CHRONICLE_KEEP_NODE_LOGS is set, for a look after the run). Killed
/// with SIGKILL for a crash, sent SIGTERM for a graceful leave.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly NodeSpec _spec;
    private readonly ChildProcess _process;

    private NodeProcess(NodeSpec spec, ChildProcess process)
    {
        _spec = spec;
        _process = process;
    }

    public string Name => _spec.Name;

    public int AkkaPort => _spec.AkkaPort;

    public int Pid => _process.Pid;

    /// <summary>Its HTTP address: health and, with the operator's key, /metrics (a ledger node serves no other route).</summary>
    public Uri Url => _spec.Url;

    /// <summary>The node's cluster address, as members and the admin routes name it.</summary>
    public string Address => _spec.Address;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string AddressOf(int akkaPort) => NodeSpec.AddressOf(akkaPort);

    /// <param name="seedNodes">The addresses it joins through; its own address alone: it forms the cluster.</param>
    /// <param name="settings">More Chronicle:* settings (Roles, Nats, ReadModel, ...), by their name under Chronicle.</param>
    public static NodeProcess Start(string name, string eventStore, int akkaPort, IEnumerable<string> seedNodes, IReadOnlyDictionary<string, string> settings)
    {
        // A free HTTP port, never the dev stack's.
        var spec = new NodeSpec(name, FreePort.Next(), akkaPort, [.. seedNodes], new Dictionary<string, string>(settings) { ["EventStore"] = eventStore });
        var log = Path.Combine(Path.GetTempPath(), $"chronicle-test-{name}-{Guid.NewGuid().ToString("N")[..8]}.log");
        return new NodeProcess(spec, Launch.Node(spec, AppContext.BaseDirectory, log));
    }

    /// <summary>SIGKILL, as a crash: no leave, no hand-off; the cluster finds out by the failure detector.</summary>
    public Task KillAsync() => _process.StopAsync(Signal.Kill, ExitTimeout);

    /// <summary>SIGTERM, as an operator's stop or a scheduler's: the node leaves the cluster, handing its shards over, and exits. Returns once the signal is sent.</summary>
    public Task TerminateAsync()
    {
        _process.Send(Signal.Terminate);
        return Task.CompletedTask;
    }

    /// <summary>Waits for the process to end by itself (after a SIGTERM, a leave or a down).</summary>
    public Task WaitForExitAsync(TimeSpan deadline) => _process.WaitForExitAsync(deadline);

    /// <summary>The last lines of the node's output, for failure messages.</summary>
    public string LogTail(int lines = 40) => _process.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Environment.GetEnvironmentVariable("CHRONICLE_KEEP_NODE_LOGS") is null) File.Delete(_process.LogFile);
    }
}
