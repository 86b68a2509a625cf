namespace Chronicle.DevStack;

/// <summary>
/// The stack's NATS JetStream server: Debian's nats-server on loopback, its store in a directory of its
/// own, its monitoring port answering /healthz (what readiness is judged by).
/// </summary>
public sealed record NatsServerSpec(int Port, int MonitorPort, string StoreDirectory)
{
    public const string Binary = "/usr/sbin/nats-server";

    /// <summary>Ready: JetStream enabled and its store recovered.</summary>
    public const string HealthPath = "/healthz?js-enabled-only=true";

    public string Url => $"nats://127.0.0.1:{Port}";

    public Uri HealthUrl => new($"http://127.0.0.1:{MonitorPort}{HealthPath}");

    public StackCommand Command => new(Binary,
        ["-js", "-a", "127.0.0.1", "-p", Port.ToString(), "-m", MonitorPort.ToString(), "-sd", StoreDirectory],
        new Dictionary<string, string>(), "/");
}
