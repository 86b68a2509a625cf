namespace Chronicle.DevStack;

/// <summary>
/// One NATS JetStream server of the stack: Debian's nats-server on loopback, its store in a directory of its
/// own, its monitoring port answering /healthz (what readiness is judged by). Alone, or with
/// <paramref name="Cluster"/> a member of the JetStream cluster of <c>up --ha</c> (<see cref="NatsClusterSpec"/>).
/// </summary>
/// <param name="Name">The part's name, and the server's (JetStream's cluster tells its members apart by it).</param>
public sealed record NatsServerSpec(string Name, int Port, int MonitorPort, string StoreDirectory, NatsRoutes? Cluster = null)
{
    public const string Binary = "/usr/sbin/nats-server";

    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>
    /// Ready: JetStream enabled and its store recovered; in a cluster also a metadata leader elected and this
    /// server current with it and with every stream it holds a copy of, so a member started again after a
    /// crash is ready once it has caught up.
    /// </summary>
    public string HealthPath => Cluster is null ? "/healthz?js-enabled-only=true" : "/healthz";

    public Uri HealthUrl => new($"http://127.0.0.1:{MonitorPort}{HealthPath}");

    public Uri Monitor(string path) => new($"http://127.0.0.1:{MonitorPort}{path}");

    /// <summary>
    /// One Go scheduler thread running Go code (GOMAXPROCS=1) instead of one per core: the dev stack's servers share a few
    /// cores with PostgreSQL and the nodes, and Go's idle scheduler threads spin (nanosleep) and hand work between
    /// themselves. Profiled under the deposits bench (2026-12-04): 52% of nats-server's samples in the kernel, mostly
    /// context switches and wake-ups; with it, NATS cost 95 and 106 µs per deposit against 144 and 160 without, in
    /// alternating arms (docs/BENCHMARKS.md). A dedicated NATS host would keep Go's default.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string> { ["GOMAXPROCS"] = "1" };

    public StackCommand Command => new(Binary,
        ["-js", "-a", "127.0.0.1", "-p", Port.ToString(), "-m", MonitorPort.ToString(), "-sd", StoreDirectory, "-n", Name, .. Cluster?.Arguments ?? []],
        Environment, "/");
}
