using System.ComponentModel.DataAnnotations;

namespace Chronicle.Gateway.Security;

/// <summary>
/// Bounds on one request and on one caller (section Chronicle:Limits). The defaults stay out of the
/// benchmarks' way (one key drives 20,000+ requests a second there) and still stop a runaway client
/// or an oversized request; tighten them where the callers are known.
/// </summary>
public sealed record RequestLimits
{
    /// <summary>Requests a second one key (or, without a valid key, one client address) may make on average.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerSecond { get; init; } = 100_000;

    /// <summary>Requests one key may make at once beyond that rate (the token bucket's size).</summary>
    [Range(1, 10_000_000)]
    public int Burst { get; init; } = 100_000;

    /// <summary>A command is a handful of short fields; 64 KiB is far above any honest one.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// The body of POST /commands/batch (up to 1,000 commands): 4 MiB is over 4 KiB a command, far above any honest
    /// one, and still bounds what one request makes the gateway hold.
    /// </summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxBatchBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Nesting of a JSON body; commands are flat objects (in a batch: an object, its array, its commands).</summary>
    [Range(1, 64)]
    public int MaxJsonDepth { get; init; } = 8;

    [Range(1, 1_000)]
    public int MaxHeaderCount { get; init; } = 64;

    /// <summary>Names and values of all request headers together.</summary>
    [Range(1_024, 1024 * 1024)]
    public int MaxHeaderBytes { get; init; } = 16 * 1024;

    /// <summary>Path and query string as sent.</summary>
    [Range(256, 64 * 1024)]
    public int MaxUrlBytes { get; init; } = 4 * 1024;

    /// <summary>
    /// The longest a request may take (answered 503 after it). Above the gateway's own waits
    /// (CommandTimeout 10 s, of which a transfer waits up to 3 s for its credit). The /admin routes have none, verify takes as long as the journal;
    /// nor has the live event stream, open as long as its client reads.
    /// Written as a time span (00:00:30), unlike the newer settings with their unit in the name: the key
    /// is older than them and deployments set it so.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
