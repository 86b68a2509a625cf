namespace Chronicle.Bench;

/// <summary>
/// The Idempotency-Key of each write the bench sends: every write carries its own, as real clients send
/// them, so the figures include what exactly-once costs. Unique across bench runs against one stack (a
/// random prefix per process), so no run meets a key an earlier one used.
/// </summary>
internal static class WriteKeys
{
    private static readonly string Prefix = "bench-" + Guid.NewGuid().ToString("N")[..12];
    private static long _next;

    public static string Next() => $"{Prefix}-{Interlocked.Increment(ref _next)}";
}
