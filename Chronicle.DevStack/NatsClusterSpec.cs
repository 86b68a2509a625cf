using System.Text.Json;

namespace Chronicle.DevStack;

/// <summary>The loopback ports of one member of the NATS cluster: clients, the other members (routes), monitoring.</summary>
public sealed record NatsMemberPorts(int Client, int Route, int Monitor)
{
    /// <summary>The dev stack's: member n (from 0) takes clients on client + n, routes on client + 10 + n, monitoring on monitor + n.</summary>
    public static IReadOnlyList<NatsMemberPorts> From(int client, int monitor) =>
        [.. Enumerable.Range(0, NatsClusterSpec.Members).Select(n => new NatsMemberPorts(client + n, client + 10 + n, monitor + n))];

    /// <summary>A test's: any free ports.</summary>
    internal static IReadOnlyList<NatsMemberPorts> Free() =>
        [.. Enumerable.Range(0, NatsClusterSpec.Members).Select(_ => new NatsMemberPorts(FreePort.Next(), FreePort.Next(), FreePort.Next()))];
}

/// <summary>How a member joins the cluster: where it listens for the others, and every member's route address (its own too: nats-server skips it).</summary>
public sealed record NatsRoutes(int Port, IReadOnlyList<string> Members)
{
    public IEnumerable<string> Arguments =>
        ["--cluster_name", NatsClusterSpec.ClusterName, "--cluster", $"nats://127.0.0.1:{Port}", "--routes", string.Join(',', Members)];
}

/// <summary>
/// The event feed's JetStream cluster of <c>./chronicle up --ha</c> and of the bus failover test: three
/// nats-servers on loopback, each its own store, joined by routes. The stream is kept on all three
/// (Chronicle:Forwarder:StreamReplicas = <see cref="Members"/>): a message is acknowledged once two hold it,
/// and when one server is lost the other two elect a new leader for the stream and go on. Clients are given
/// every server (<see cref="Url"/>) and move to another when theirs is lost.
/// </summary>
/// <param name="Directory">Member n's store under nats-n/.</param>
public sealed record NatsClusterSpec(string Directory, IReadOnlyList<NatsMemberPorts> Ports)
{
    public const int Members = 3;
    public const string ClusterName = "chronicle";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public IReadOnlyList<NatsServerSpec> Servers
    {
        get
        {
            var routes = Ports.Select(p => $"nats://127.0.0.1:{p.Route}").ToList();
            return [.. Ports.Select((p, n) => new NatsServerSpec($"nats-{n + 1}", p.Client, p.Monitor, Path.Combine(Directory, $"nats-{n + 1}"),
                new NatsRoutes(p.Route, routes)))];
        }
    }

    /// <summary>Every server's client URL, comma-separated, as NATS.Net takes them (Chronicle:Nats).</summary>
    public string Url => string.Join(',', Servers.Select(s => s.Url));

    /// <summary>
    /// Each stream with the name of the server that leads it, as the leaders themselves say on their
    /// monitoring endpoint (/jsz): a follower may go on naming a lost leader for seconds, the leader's own
    /// word ends with it. A stream in an election (or on a server that is down) is missing.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> StreamLeadersAsync()
    {
        var leaders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var server in Servers)
            foreach (var stream in await StreamsLedByAsync(server))
                leaders[stream] = server.Name;
        return leaders;
    }

    /// <summary>The streams <paramref name="server"/> says it leads; none when it does not answer.</summary>
    private static async Task<IReadOnlyList<string>> StreamsLedByAsync(NatsServerSpec server)
    {
        try
        {
            using var jsz = JsonDocument.Parse(await Http.GetStringAsync(server.Monitor("/jsz?streams=true")));
            if (!jsz.RootElement.TryGetProperty("account_details", out var accounts)) return [];
            return
            [
                .. from account in accounts.EnumerateArray()
                   where account.TryGetProperty("stream_detail", out _)
                   from stream in account.GetProperty("stream_detail").EnumerateArray()
                   where stream.TryGetProperty("cluster", out var cluster) && cluster.TryGetProperty("leader", out var leader) && leader.GetString() == server.Name
                   select stream.GetProperty("name").GetString()!,
            ];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return []; // that server is down
        }
    }
}
