namespace Chronicle.Chaos.Nemesis;

/// <summary>A cluster member as a process on this machine: what a partition cuts.</summary>
/// <param name="Role"><see cref="Ledger"/>, <see cref="Gateway"/> or projector: its name without the number (ledger-2: ledger).</param>
/// <param name="AkkaPort">Its Akka remoting port on loopback, where the other members connect to it.</param>
internal sealed record ClusterMember(string Name, string Role, int Pid, int AkkaPort)
{
    public const string Ledger = "ledger";
    public const string Gateway = "gateway";

    public ClusterMember(string name, int pid, int akkaPort)
        : this(name, name[..name.LastIndexOf('-')], pid, akkaPort)
    {
    }
}
