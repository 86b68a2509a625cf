using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A real NATS JetStream server for the tests: Debian's nats-server (2.9, like production's dev
/// machines) on a free loopback port with its store in a throwaway directory. The tests crash it
/// (SIGKILL), take away what an OS crash would (the store's tail, or all of it) and start it again
/// on the same port, so it runs as a local process: a container would not give the tests its
/// files. Started as Chronicle.DevStack defines it (JetStream, store dir, monitor port), like the dev stack's.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly NatsServerSpec _spec;
    private ChildProcess? _process;
    private bool _disposed;

    private NatsServer(string directory)
    {
        _directory = directory;
        _spec = new NatsServerSpec("nats", FreePort.Next(), FreePort.Next(), Path.Combine(directory, "store"));
    }

    public int Port => _spec.Port;

    public string Url => _spec.Url;

    /// <summary>
    /// Client connections the server has accepted since it started (its monitor's <c>/varz</c>): what a
    /// test reads to tell whether something opened a connection, however short-lived.
    /// </summary>
    public async Task<long> ConnectionsAcceptedAsync()
    {
        using var http = new HttpClient();
        var varz = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{_spec.MonitorPort}/varz");
        return varz.GetProperty("total_connections").GetInt64();
    }

    private string StoreDirectory => _spec.StoreDirectory;

    private string LogFile => Path.Combine(_directory, "server.log");

    public static async Task<NatsServer> StartAsync()
    {
        if (!File.Exists(NatsServerSpec.Binary)) throw new InvalidOperationException($"{NatsServerSpec.Binary} is missing: apt-get install nats-server (./chronicle test does)");
        var directory = Path.Combine(Path.GetTempPath(), "chronicle-test-nats-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var server = new NatsServer(directory);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and store, as Chronicle.DevStack starts it; returns once JetStream is healthy.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("nats-server is already running");
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
        _process = await Launch.NatsAsync(_spec, LogFile);
    }

    /// <summary>SIGTERM, as an operator's stop: the server shuts down cleanly, its store flushed and whole.</summary>
    public Task StopAsync() => _process?.StopAsync(Signal.Terminate, StopDeadline) ?? Task.CompletedTask;

    /// <summary>SIGKILL, as a crash: no shutdown, no final flush.</summary>
    public Task KillAsync() => _process?.StopAsync(Signal.Kill, StopDeadline) ?? Task.CompletedTask;

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
        if (!File.Exists(LogFile)) return "(no log)";
        using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_process is not null) await _process.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort: a temp directory */ }
    }

    private void EnsureStopped()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("stop nats-server first: its store is in use");
    }
}
