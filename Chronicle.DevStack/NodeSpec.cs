namespace Chronicle.DevStack;

/// <summary>
/// One Chronicle node: the node program (Chronicle.Node.dll) on loopback, configured through
/// Chronicle__* variables. <paramref name="Settings"/> are further Chronicle:* settings by their name
/// under Chronicle (Roles, EventStore, Nats, ReadModel, ApiKeysFile, ...).
/// </summary>
public sealed record NodeSpec(string Name, int HttpPort, int AkkaPort, IReadOnlyList<string> SeedNodes, IReadOnlyDictionary<string, string> Settings)
{
    public const string ProgramFile = "Chronicle.Node.dll";

    public Uri Url => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The node's cluster address, as members and the admin routes name it.</summary>
    public string Address => AddressOf(AkkaPort);

    public static string AddressOf(int akkaPort) => $"akka.tcp://chronicle@127.0.0.1:{akkaPort}";

    /// <summary>
    /// Run from the node's output folder: ASP.NET takes the working directory as content root, and only
    /// from there does it find appsettings.json (and its log levels).
    /// </summary>
    public StackCommand Command(string dotnet, string programDirectory)
    {
        var environment = new Dictionary<string, string>
        {
            ["Chronicle__Url"] = Url.ToString(),
            ["Chronicle__AkkaPort"] = AkkaPort.ToString(),
            ["Chronicle__SeedNodes"] = string.Join(',', SeedNodes),
            // The thread pool's spin-wait before a worker sleeps burned a fifth to two fifths of a node's
            // CPU under load on a 2-core machine (perf: sched_yield); without it a read and a balance-at
            // cost a third less CPU (docs/ACCOUNTS.md, "Time travel"). Set it in the environment to compare.
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = System.Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") ?? "0",
        };
        foreach (var (key, value) in Settings) environment["Chronicle__" + key] = value;
        return new StackCommand(dotnet, [Path.Combine(programDirectory, ProgramFile)], environment, programDirectory);
    }
}
