namespace Chronicle.DevStack;

/// <summary>
/// The replicated event store's cluster-wide Patroni settings (bootstrap.dcs: written to etcd by the
/// member that bootstraps; later changes go through patronictl edit-config). Chosen for fast failover
/// on one machine where every member shares loopback; docs/RELIABILITY.md has the measured figures.
/// </summary>
internal static class PatroniSettings
{
    public static Dictionary<string, object> Cluster(bool throwaway) => new()
    {
        // A commit is acknowledged only once the synchronous replica has it (synchronous_commit on), so an
        // acknowledged journal write is on two servers. Strict: with no replica left, commits wait rather
        // than being acknowledged by the primary alone.
        ["synchronous_mode"] = true,
        ["synchronous_mode_strict"] = true,
        // Each Patroni looks at its PostgreSQL and at etcd every second: a dead primary is noticed within it.
        ["loop_wait"] = 1,
        // How long etcd or PostgreSQL calls are retried before a member gives up its role.
        ["retry_timeout"] = 3,
        // The leader lock's lease: what decides when the primary's Patroni itself is gone (host lost, agent
        // killed). Patroni wants ttl >= loop_wait + 2 * retry_timeout.
        ["ttl"] = 10,
        // When the primary's PostgreSQL crashes, fail over to the synchronous replica at once instead of
        // restarting it in place (crash recovery with clients waiting; the default waits 300 s for it).
        ["primary_start_timeout"] = 0,
        ["postgresql"] = new Dictionary<string, object>
        {
            // The old primary may hold WAL no replica has (never acknowledged): rewind it to rejoin as a
            // replica rather than copying the whole data directory again. pg_rewind needs wal_log_hints.
            ["use_pg_rewind"] = true,
            ["parameters"] = new Dictionary<string, object>
            {
                ["max_connections"] = 200,
                ["wal_log_hints"] = "on",
                // pg_rewind needs full_page_writes, so a test's server only skips fsync.
                ["fsync"] = throwaway ? "off" : "on",
            },
        },
    };
}
