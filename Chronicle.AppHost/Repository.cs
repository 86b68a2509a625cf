using Chronicle.DevStack;

namespace Chronicle.AppHost;

/// <summary>The checkout this AppHost was built in, and its dev stack as .chronicle/env and the environment describe it.</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    public static IReadOnlyDictionary<string, string> Recorded => EnvFile.Read(Path.Combine(Root, ".chronicle", "env"));

    /// <summary>The definition for <paramref name="layout"/> (0 ledger nodes: node-1 alone), ports and seeds as recorded or overridden.</summary>
    public static DevStackDefinition Definition((int LedgerNodes, bool Replicated) layout)
    {
        var recorded = Recorded;
        var seeds = Environment.GetEnvironmentVariable("CHRONICLE_SEED_NODES") is { Length: > 0 } given ? given : recorded.GetValueOrDefault("CHRONICLE_SEED_NODES");
        return new DevStackDefinition(Root, layout.LedgerNodes, StackPorts.Resolve(recorded), seeds, layout.Replicated);
    }

    /// <summary>What `up` recorded last: the layout and ports of the stack that runs (or ran).</summary>
    public static DevStackDefinition Current
    {
        get
        {
            var recorded = Recorded;
            return Definition((int.TryParse(recorded.GetValueOrDefault("CHRONICLE_NODES"), out var n) ? n : 0, recorded.GetValueOrDefault("CHRONICLE_HA") == "1"));
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Chronicle.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("Chronicle.sln not found above " + AppContext.BaseDirectory);
    }
}
