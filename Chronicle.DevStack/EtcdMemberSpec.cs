namespace Chronicle.DevStack;

/// <summary>
/// One member of the etcd cluster that Patroni keeps its leader lock and cluster state in (Debian's
/// etcd 3.4, on loopback, its data in a directory of its own). Three members: the lock survives the
/// loss of one, as the PostgreSQL servers do. Ready once its /health says so (it has a quorum).
/// </summary>
/// <param name="InitialCluster">Every member's name=peer URL, the same on each (etcd's --initial-cluster).</param>
public sealed record EtcdMemberSpec(string Name, int ClientPort, int PeerPort, string DataDirectory, string InitialCluster)
{
    public const string Binary = "/usr/bin/etcd";

    public string ClientAddress => $"127.0.0.1:{ClientPort}";

    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    public Uri HealthUrl => new($"http://{ClientAddress}/health");

    /// <summary>initial-cluster-state new: read only on the first start; later starts go by the data directory.</summary>
    public StackCommand Command => new(Binary,
    [
        "--name", Name, "--data-dir", DataDirectory,
        "--listen-client-urls", $"http://{ClientAddress}", "--advertise-client-urls", $"http://{ClientAddress}",
        "--listen-peer-urls", PeerUrl, "--initial-advertise-peer-urls", PeerUrl,
        "--initial-cluster", InitialCluster, "--initial-cluster-state", "new", "--initial-cluster-token", "chronicle-events",
    ], new Dictionary<string, string>(), "/");
}
