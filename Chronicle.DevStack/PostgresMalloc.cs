namespace Chronicle.DevStack;

/// <summary>
/// glibc malloc settings for every PostgreSQL server of the stack, passed in its environment (Patroni's servers inherit
/// Patroni's). By default glibc hands freed memory at the top of the heap back to the kernel once more than 128 KiB is
/// free (brk), and a backend frees its transaction's memory at each commit: so the next transaction grows the heap
/// again, page fault by page fault, and each shrink flushes the TLB of every CPU (an IPI, dear in a VM). Profiled on the
/// read model's server under the deposits bench (2026-12-04): brk 11% and page faults 7% of its CPU.
/// </summary>
internal static class PostgresMalloc
{
    /// <summary>Free memory a backend keeps at the top of its heap, and the allocation size from which malloc maps instead (fixed, not adaptive).</summary>
    private const string KeptBytes = "16777216"; // 16 MiB

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["MALLOC_TRIM_THRESHOLD_"] = KeptBytes,
        // Setting the trim threshold freezes the mmap threshold at 128 KiB: raised with it, or larger blocks churn through mmap and munmap instead.
        ["MALLOC_MMAP_THRESHOLD_"] = KeptBytes,
    };
}
