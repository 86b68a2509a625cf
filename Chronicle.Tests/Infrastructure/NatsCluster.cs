using Chronicle.Contracts.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// The bus of <c>./chronicle up --ha</c> as Chronicle.DevStack defines it (<see cref="NatsClusterSpec"/>): three
/// nats-servers (Debian's 2.9) in one JetStream cluster on free loopback ports, each its store in a throwaway
/// directory. Started once every server is healthy (a metadata leader elected).
/// </summary>
public sealed class NatsCluster : IAsyncDisposable
{
    private static readonly TimeSpan KillDeadline = TimeSpan.FromSeconds(30);

    private readonly NatsClusterSpec _spec;
    private readonly ChildProcess[] _servers;

    private NatsCluster(NatsClusterSpec spec, IReadOnlyList<ChildProcess> servers)
    {
        _spec = spec;
        _servers = [.. servers];
    }

    /// <summary>The servers' names (nats-1..3).</summary>
    public IReadOnlyList<string> Names => [.. _spec.Servers.Select(s => s.Name)];

    /// <summary>Every server, comma-separated: what the nodes are given.</summary>
    public string Url => _spec.Url;

    public static async Task<NatsCluster> StartAsync()
    {
        if (!File.Exists(NatsServerSpec.Binary)) throw new InvalidOperationException($"{NatsServerSpec.Binary} is missing: apt-get install nats-server (./chronicle test does)");
        var directory = Path.Combine(Path.GetTempPath(), "chronicle-test-nats-cluster-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var spec = new NatsClusterSpec(directory, NatsMemberPorts.Free());
        try
        {
            return new NatsCluster(spec, await Launch.NatsClusterAsync(spec, name => LogFileOf(directory, name)));
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>The server leading the event feed's stream now, as it says itself; null while none does (no stream yet, an election).</summary>
    public async Task<string?> FeedLeaderAsync() => (await _spec.StreamLeadersAsync()).GetValueOrDefault(EventFeed.StreamName);

    /// <summary>The server holding the dashboard's live consumer on the feed (there must be one at most); null while there is none.</summary>
    public async Task<string?> LiveConsumerServerAsync()
    {
        await using var connection = new NatsConnection(new NatsOpts { Url = Url, Name = "chronicle-test-probe" });
        var js = new NatsJSContext(connection);
        await foreach (var name in js.ListConsumerNamesAsync(EventFeed.StreamName))
            if (name.StartsWith("dashboard-", StringComparison.Ordinal))
                return (await js.GetConsumerAsync(EventFeed.StreamName, name)).Info.Cluster?.Leader;
        return null;
    }

    /// <summary>SIGKILL of one server, as a crash: no shutdown, no flush; returns once it is gone.</summary>
    public Task KillAsync(string name) => _servers.Single(s => s.Name == name).StopAsync(Signal.Kill, KillDeadline);

    /// <summary>SIGTERM of every server, as an operator's stop of the whole bus; returns once all are gone.</summary>
    public Task StopAsync() => Task.WhenAll(_servers.Select(s => s.StopAsync(Signal.Terminate, KillDeadline)));

    /// <summary>Starts every server that is not running (killed or stopped) again, all at once, on its ports and store; returns once each is healthy.</summary>
    public async Task StartStoppedAsync()
    {
        var stopped = _servers.Where(s => s.HasExited).Select(s => s.Name).ToHashSet();
        foreach (var server in _servers.Where(s => stopped.Contains(s.Name))) await server.DisposeAsync(); // its log closed before the next appends
        foreach (var started in await Launch.NatsServersAsync(_spec.Servers.Where(s => stopped.Contains(s.Name)), name => LogFileOf(_spec.Directory, name)))
            _servers[Array.FindIndex(_servers, s => s.Name == started.Name)] = started;
    }

    /// <summary>A server's output, beside the stores: appended to across its restarts.</summary>
    private static string LogFileOf(string directory, string name) => Path.Combine(directory, name + ".log");

    /// <summary>Every server's last lines, for failure messages.</summary>
    public string LogTails(int lines = 15) =>
        string.Join("\n", _servers.Select(s => $"--- {s.Name}{(s.HasExited ? $" (exited {s.ExitCode})" : "")}:\n{s.LogTail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        Directory.Delete(_spec.Directory, recursive: true);
    }
}
