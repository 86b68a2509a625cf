using Akka.Configuration;

namespace Chronicle.Actors.Hosting;

/// <summary>
/// cluster.hocon at the repository root holds the Akka settings every node shares (downing,
/// sharding, journal batching). It is copied next to each program; this reads it from there.
/// </summary>
internal static class ClusterHocon
{
    public const string FileName = "cluster.hocon";

    public static Config Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{FileName} is not next to the program", path);
        return ConfigurationFactory.ParseString(File.ReadAllText(path));
    }
}
