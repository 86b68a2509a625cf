using Npgsql;

namespace Chronicle.DevStack;

/// <summary>The loopback ports of one member of the replicated event store: its PostgreSQL, its Patroni's REST API, its etcd.</summary>
public sealed record ReplicaPorts(int Postgres, int PatroniApi, int EtcdClient, int EtcdPeer)
{
    /// <summary>The dev stack's: PostgreSQL on first + n, Patroni on first + 10 + n, etcd on first + 20 + 2n and the port after.</summary>
    public static IReadOnlyList<ReplicaPorts> From(int first) =>
        [.. Enumerable.Range(0, ReplicatedEventStoreSpec.Members).Select(n => new ReplicaPorts(first + n, first + 10 + n, first + 20 + 2 * n, first + 21 + 2 * n))];

    /// <summary>A test's: any free ports.</summary>
    internal static IReadOnlyList<ReplicaPorts> Free() =>
        [.. Enumerable.Range(0, ReplicatedEventStoreSpec.Members).Select(_ => new ReplicaPorts(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next()))];
}

/// <summary>
/// The replicated event store of <c>./chronicle up --ha</c> and of the failover tests: three etcd members
/// and three PostgreSQL servers under Patroni (<see cref="PatroniMemberSpec"/>), one primary whose every
/// commit waits for a synchronous replica. Clients reach whichever server is primary through one
/// multi-host connection string (<see cref="ConnectionString"/>): Npgsql tries the hosts and keeps the
/// one that accepts writes, and does so again after a failover.
/// </summary>
/// <param name="Directory">Member n's PostgreSQL under postgres-events-n/, its etcd under etcd-n/.</param>
public sealed record ReplicatedEventStoreSpec(string Directory, IReadOnlyList<ReplicaPorts> Ports, string Database, bool Throwaway)
{
    public const int Members = 3;

    public IReadOnlyList<EtcdMemberSpec> Etcd
    {
        get
        {
            var cluster = string.Join(',', Ports.Select((p, n) => $"etcd-{n + 1}=http://127.0.0.1:{p.EtcdPeer}"));
            return [.. Ports.Select((p, n) => new EtcdMemberSpec($"etcd-{n + 1}", p.EtcdClient, p.EtcdPeer, Path.Combine(Directory, $"etcd-{n + 1}"), cluster))];
        }
    }

    public IReadOnlyList<PatroniMemberSpec> Postgres
    {
        get
        {
            var etcd = Etcd.Select(e => e.ClientAddress).ToList();
            return [.. Ports.Select((p, n) => new PatroniMemberSpec($"postgres-events-{n + 1}", p.Postgres, p.PatroniApi, Path.Combine(Directory, $"postgres-events-{n + 1}"),
                etcd, Database, Throwaway))];
        }
    }

    /// <summary>
    /// As the role chronicle, to <see cref="Database"/> on whichever server is primary. Host Recheck
    /// Seconds: how long Npgsql trusts what it learnt of a host (primary, standby, down). Its default, 10 s,
    /// would keep the promoted replica marked standby for up to that long after a failover.
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = string.Join(',', Ports.Select(p => $"127.0.0.1:{p.Postgres}")),
        Username = "chronicle",
        Database = Database,
        TargetSessionAttributes = "primary",
        HostRecheckSeconds = 1,
    }.ConnectionString;

    /// <summary>The member whose PostgreSQL is primary now; null during a failover.</summary>
    public async Task<PatroniMemberSpec?> PrimaryAsync()
    {
        foreach (var member in Postgres)
            if (await Launch.AnswersOkAsync(member.Api("/primary"))) return member;
        return null;
    }

    /// <summary>What the member's Patroni says it is: primary, sync replica, replica, or down (no answer, or no PostgreSQL).</summary>
    public static async Task<string> RoleOfAsync(PatroniMemberSpec member) =>
        await Launch.AnswersOkAsync(member.Api("/primary")) ? "primary"
        : await Launch.AnswersOkAsync(member.Api("/sync")) ? "sync replica"
        : await Launch.AnswersOkAsync(member.Api("/replica")) ? "replica"
        : "down";

    /// <summary>
    /// SIGKILL of the primary's PostgreSQL, the postmaster and all its processes at once, not of its Patroni
    /// (which notices within a loop and fails over); the member killed, null when no primary runs. All at
    /// once: a backend outliving its postmaster could still acknowledge a commit for a moment.
    /// </summary>
    public async Task<PatroniMemberSpec?> KillPrimaryAsync()
    {
        if (await PrimaryAsync() is not { } primary) return null;
        var pids = primary.ServerPids();
        if (pids.Count == 0) return null; // crashed meanwhile
        foreach (var pid in pids) Signals.Send(pid, Signal.Kill);
        return primary;
    }

    /// <summary>True once a primary and a synchronous replica run: commits can be acknowledged.</summary>
    public async Task<bool> ReplicatesAsync() =>
        await PrimaryAsync() is not null && (await Task.WhenAll(Postgres.Select(m => Launch.AnswersOkAsync(m.Api("/sync"))))).Any(ok => ok);
}
