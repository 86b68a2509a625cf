namespace Chronicle.Gateway.Security;

/// <summary>
/// Bounds on one request and on one caller. The defaults stay out of the benchmarks' way (one key
/// drives 20,000+ requests a second there) and still stop a runaway client or an oversized request;
/// tighten them where the callers are known.
/// </summary>
public sealed record RequestLimits
{
    /// <summary>Requests a second one key (or, without a valid key, one client address) may make on average.</summary>
    public int RequestsPerSecond { get; init; } = 100_000;

    /// <summary>Requests one key may make at once beyond that rate (the token bucket's size).</summary>
    public int Burst { get; init; } = 100_000;

    /// <summary>A command is a handful of short fields; 64 KiB is far above any honest one.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Nesting of a JSON body; commands are flat objects.</summary>
    public int MaxJsonDepth { get; init; } = 8;

    public int MaxHeaderCount { get; init; } = 64;

    /// <summary>Names and values of all request headers together.</summary>
    public int MaxHeaderBytes { get; init; } = 16 * 1024;

    /// <summary>Path and query string as sent.</summary>
    public int MaxUrlBytes { get; init; } = 4 * 1024;

    /// <summary>
    /// The longest a request may take (answered 503 after it). Above the gateway's own waits
    /// (CommandTimeout 10 s, TransferWait 5 s). The /admin routes have none, verify takes as long as the journal;
    /// nor has the live event stream, open as long as its client reads.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
