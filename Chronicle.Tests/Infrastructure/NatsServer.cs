using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A real NATS JetStream server for the tests: Debian's nats-server (2.9, like production's dev
/// machines) on a free loopback port with its store in a throwaway directory. The tests crash it
/// (SIGKILL), take away what an OS crash would (the store's tail, or all of it) and start it again
/// on the same port, so it runs as a local process: a container would not give the tests its
/// files. (No Docker engine exists on the dev machines or CI; `./chronicle` and CI install nats-server.)
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private const string Binary = "/usr/sbin/nats-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private Process? _process;
    private bool _disposed;

    private NatsServer(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    private string StoreDirectory => Path.Combine(_directory, "store");

    public static async Task<NatsServer> StartAsync()
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: apt-get install nats-server (./chronicle test does)");
        var directory = Path.Combine(Path.GetTempPath(), "chronicle-test-nats-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new NatsServer(FreePort.Next(), directory);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and store; returns once it accepts connections.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("nats-server is already running");
        var info = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-js", "-a", "127.0.0.1", "-p", Port.ToString(), "-sd", StoreDirectory, "-l", Path.Combine(_directory, "server.log") })
            info.ArgumentList.Add(argument);
        _process?.Dispose();
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start nats-server");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.Until(() => Task.FromResult(_process.HasExited || Accepts(Port)), up => up, StartTimeout, $"nats-server on port {Port}");
        if (_process.HasExited)
            throw new InvalidOperationException($"nats-server exited {_process.ExitCode}: {ReadLog()}");
    }

    /// <summary>SIGTERM, as an operator's stop: the server shuts down cleanly, its store flushed and whole.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        await ProcessRunner.TerminateAsync(_process, StartTimeout);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL, as a crash: no shutdown, no final flush.</summary>
    public Task KillAsync() => _process is null ? Task.CompletedTask : ProcessRunner.KillAsync(_process);

    /// <summary>What a machine crash leaves of a server that lost its whole store: nothing.</summary>
    public void WipeStore()
    {
        EnsureStopped();
        if (Directory.Exists(StoreDirectory)) Directory.Delete(StoreDirectory, recursive: true);
    }

    /// <summary>
    /// What a machine crash leaves of a store flushed a while ago: the stream's message blocks cut
    /// to <paramref name="keepFraction"/> of their bytes (mid-record, as a crash would), the index
    /// files the server would otherwise trust removed. The server recovers the messages that
    /// survive whole and drops the rest.
    /// </summary>
    public void TruncateStream(string stream, double keepFraction)
    {
        EnsureStopped();
        var messages = Directory.GetDirectories(StoreDirectory, stream, SearchOption.AllDirectories)
                           .Select(d => Path.Combine(d, "msgs"))
                           .SingleOrDefault(Directory.Exists)
                       ?? throw new InvalidOperationException($"no store of stream {stream} under {StoreDirectory}");
        var blocks = Directory.GetFiles(messages, "*.blk");
        var total = blocks.Sum(b => new FileInfo(b).Length);
        var keep = (long)(total * keepFraction);
        foreach (var block in blocks.OrderBy(b => int.Parse(Path.GetFileNameWithoutExtension(b))))
        {
            var length = new FileInfo(block).Length;
            if (keep >= length) { keep -= length; continue; }
            using (var file = new FileStream(block, FileMode.Open, FileAccess.Write)) file.SetLength(keep);
            keep = 0;
        }
        foreach (var index in Directory.GetFiles(messages).Where(f => !f.EndsWith(".blk", StringComparison.Ordinal)))
            File.Delete(index);
    }

    /// <summary>How many messages the server said it recovered for <paramref name="stream"/> on its last start.</summary>
    public long RestoredMessages(string stream)
    {
        var restored = Regex.Matches(ReadLog(), $@"Restored (?<count>[\d,]+) messages for stream '[^']*{Regex.Escape(stream)}'");
        if (restored.Count == 0) throw new InvalidOperationException($"nats-server logged no recovery of stream {stream}");
        return long.Parse(restored[^1].Groups["count"].Value.Replace(",", ""));
    }

    public string ReadLog()
    {
        var log = Path.Combine(_directory, "server.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillAsync();
        _process?.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort: a temp directory */ }
    }

    private void EnsureStopped()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("stop nats-server first: its store is in use");
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
