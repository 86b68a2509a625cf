using System.Diagnostics;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A Chronicle node as a process of its own, as <c>./chronicle up --nodes N</c> starts them: the node
/// program of this very build (Chronicle.Node.dll, copied next to the tests) on loopback, configured
/// through Chronicle__* variables, its output in a log file (deleted with the node unless
/// CHRONICLE_KEEP_NODE_LOGS is set, for a look after the run). Killed with SIGKILL for a crash,
/// sent SIGTERM for a graceful leave.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _log;
    private readonly StreamWriter _logWriter;

    private NodeProcess(string name, int akkaPort, Uri url, Process process, string log, StreamWriter logWriter)
    {
        Name = name;
        AkkaPort = akkaPort;
        Url = url;
        _process = process;
        _log = log;
        _logWriter = logWriter;
    }

    public string Name { get; }

    public int AkkaPort { get; }

    /// <summary>Its HTTP address: health and, with the operator's key, /metrics (a ledger node serves no other route).</summary>
    public Uri Url { get; }

    /// <summary>The node's cluster address, as members and the admin routes name it.</summary>
    public string Address => AddressOf(AkkaPort);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string AddressOf(int akkaPort) => $"akka.tcp://chronicle@127.0.0.1:{akkaPort}";

    /// <param name="seedNodes">The addresses it joins through; its own address alone: it forms the cluster.</param>
    /// <param name="settings">More Chronicle:* settings (Roles, Nats, ReadModel, ...), by their name under Chronicle.</param>
    public static NodeProcess Start(string name, string eventStore, int akkaPort, IEnumerable<string> seedNodes, IReadOnlyDictionary<string, string> settings)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "Chronicle.Node.dll");
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var log = Path.Combine(Path.GetTempPath(), $"chronicle-test-{name}-{Guid.NewGuid().ToString("N")[..8]}.log");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(program);
        var environment = new Dictionary<string, string>
        {
            ["EventStore"] = eventStore,
            ["AkkaPort"] = akkaPort.ToString(),
            ["SeedNodes"] = string.Join(',', seedNodes),
            // A free port, never the dev stack's.
            ["Url"] = url.ToString(),
        };
        foreach (var (key, value) in settings) environment[key] = value;
        foreach (var (key, value) in environment) info.Environment["Chronicle__" + key] = value;
        // As ./chronicle starts nodes: no thread-pool spin-waiting, which only burns the shared cores.
        info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";

        var writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        var node = new NodeProcess(name, akkaPort, url, process, log, writer);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>SIGKILL, as a crash: no leave, no hand-off; the cluster finds out by the failure detector.</summary>
    public Task KillAsync() => ProcessRunner.KillAsync(_process);

    /// <summary>SIGTERM, as an operator's stop or a scheduler's: the node leaves the cluster, handing its shards over, and exits.</summary>
    public Task TerminateAsync() => ProcessRunner.TerminateAsync(_process, ExitTimeout);

    /// <summary>Waits for the process to end by itself (after a SIGTERM, a leave or a down).</summary>
    public async Task WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still runs after {deadline.TotalSeconds:0}s; its log ends:\n{LogTail()}");
        }
    }

    /// <summary>The last lines of the node's output, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        using var reader = new StreamReader(new FileStream(_log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.WaitForExit(); // the output readers are done: nothing writes to the log any more
        _process.Dispose();
        lock (_logWriter) _logWriter.Dispose();
        if (Environment.GetEnvironmentVariable("CHRONICLE_KEEP_NODE_LOGS") is null) File.Delete(_log);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_logWriter) _logWriter.WriteLine(line);
    }
}
