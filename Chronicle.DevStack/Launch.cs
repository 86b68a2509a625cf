namespace Chronicle.DevStack;

/// <summary>
/// Starts the stack's parts as child processes of the caller (the tests), each returned once it is
/// ready: PostgreSQL accepting connections, nats-server (or a cluster of them) healthy. A part that
/// exits while starting fails the start with its log.
/// </summary>
public static class Launch
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public static Task<ChildProcess> PostgresAsync(string name, PostgresServerSpec spec, string logFile) =>
        StartAsync(ChildProcess.Start(name, spec.Command, logFile), spec.AcceptsConnectionsAsync);

    public static Task<ChildProcess> NatsAsync(NatsServerSpec spec, string logFile) =>
        StartAsync(ChildProcess.Start(spec.Name, spec.Command, logFile), () => AnswersOkAsync(spec.HealthUrl));

    /// <summary>
    /// Every server of the cluster at once, returned once all are healthy: none is before a metadata leader
    /// is elected, which takes a majority of them running.
    /// </summary>
    public static Task<IReadOnlyList<ChildProcess>> NatsClusterAsync(NatsClusterSpec spec, Func<string, string> logFileOf) =>
        NatsServersAsync(spec.Servers, logFileOf);

    /// <summary>
    /// Some servers of a cluster at once (all of it, or those a fault stopped), returned once each is healthy: a
    /// server of a cluster is only with a metadata leader, and one server started alone waits on the others.
    /// </summary>
    public static async Task<IReadOnlyList<ChildProcess>> NatsServersAsync(IEnumerable<NatsServerSpec> specs, Func<string, string> logFileOf)
    {
        var servers = specs.Select(server => (server.HealthUrl, Process: ChildProcess.Start(server.Name, server.Command, logFileOf(server.Name)))).ToList();
        try
        {
            await Task.WhenAll(servers.Select(s => AwaitReadyAsync(s.Process, () => AnswersOkAsync(s.HealthUrl))));
            return [.. servers.Select(s => s.Process)];
        }
        catch
        {
            foreach (var server in servers) await server.Process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Started, not waited for: a node's readiness depends on its cluster, which the caller knows.</summary>
    public static ChildProcess Node(NodeSpec node, string programDirectory, string logFile) =>
        ChildProcess.Start(node.Name, node.Command(DotnetHost, programDirectory), logFile);

    /// <summary>The dotnet host running this process: the one to run the node program with.</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static async Task<bool> AnswersOkAsync(Uri url)
    {
        try
        {
            using var response = await Http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<ChildProcess> StartAsync(ChildProcess child, Func<Task<bool>> ready)
    {
        try
        {
            await AwaitReadyAsync(child, ready);
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    private static async Task AwaitReadyAsync(ChildProcess child, Func<Task<bool>> ready)
    {
        await Eventually.Until(async () => child.HasExited || await ready(), done => done, StartDeadline, $"{child.Name} ready");
        if (child.HasExited) throw new InvalidOperationException($"{child.Name} exited {child.ExitCode} while starting; its log ends:\n{child.LogTail()}");
    }
}
