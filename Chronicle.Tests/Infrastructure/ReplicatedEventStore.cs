namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// The replicated event store as Chronicle.DevStack defines it for <c>./chronicle up --ha</c>: three etcd
/// members and three PostgreSQL servers under Patroni, one primary with a synchronous replica, on free
/// loopback ports in a throwaway directory. Started once a primary and a synchronous replica run.
/// </summary>
public sealed class ReplicatedEventStore : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(60);

    private readonly ReplicatedEventStoreSpec _spec;
    private readonly List<ChildProcess> _etcd = [];
    private readonly List<ChildProcess> _patroni = [];

    private ReplicatedEventStore(ReplicatedEventStoreSpec spec) => _spec = spec;

    /// <summary>The multi-host connection string the nodes are given: whichever server is primary.</summary>
    public string ConnectionString => _spec.ConnectionString;

    /// <summary>
    /// Started on fresh ports and directories; once more when a member exits while starting. Seen in a loaded suite:
    /// Patroni gave up bootstrapping ("Failed to bootstrap cluster") and exited, most likely a port taken between
    /// <see cref="ReplicaPorts.Free"/> and the server's bind by a test running beside this one.
    /// </summary>
    public static async Task<ReplicatedEventStore> StartAsync()
    {
        try
        {
            return await StartOnceAsync();
        }
        catch (InvalidOperationException first)
        {
            try
            {
                return await StartOnceAsync();
            }
            catch (Exception second)
            {
                throw new AggregateException("the replicated event store did not start, twice", first, second);
            }
        }
    }

    private static async Task<ReplicatedEventStore> StartOnceAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chronicle-test-ha-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var store = new ReplicatedEventStore(new ReplicatedEventStoreSpec(directory, ReplicaPorts.Free(), "chronicle_events", Throwaway: true));
        try
        {
            // All at once: an etcd member is healthy only with a quorum, a replica only once a primary exists.
            store._etcd.AddRange(store._spec.Etcd.Select(e => ChildProcess.Start(e.Name, e.Command, store.LogFile(e.Name))));
            await store.AwaitAsync(() => AllAsync(store._spec.Etcd.Select(e => e.HealthUrl)), "etcd healthy");
            store._patroni.AddRange(store._spec.Postgres.Select(m => ChildProcess.Start(m.Name, m.Command, store.LogFile(m.Name))));
            await store.AwaitAsync(store._spec.ReplicatesAsync, "a primary and a synchronous replica");
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL of the primary's PostgreSQL (<see cref="ReplicatedEventStoreSpec.KillPrimaryAsync"/>); returns the member's name.</summary>
    public async Task<string> KillPrimaryAsync() =>
        (await _spec.KillPrimaryAsync() ?? throw new InvalidOperationException($"no primary runs\n{LogTails()}")).Name;

    /// <summary>The member that is primary now; null during a failover.</summary>
    public async Task<string?> PrimaryAsync() => (await _spec.PrimaryAsync())?.Name;

    /// <summary>What each member's Patroni says it is now: "postgres-events-1 primary, postgres-events-2 sync replica, …".</summary>
    public async Task<string> RolesAsync() =>
        string.Join(", ", await Task.WhenAll(_spec.Postgres.Select(async m => $"{m.Name} {await ReplicatedEventStoreSpec.RoleOfAsync(m)}")));

    /// <summary>Waits until a primary and a synchronous replica run again (the killed member back as a replica, say).</summary>
    public Task AwaitReplicatingAsync(TimeSpan deadline) =>
        Eventually.Until(_spec.ReplicatesAsync, ok => ok, deadline, "a primary and a synchronous replica");

    /// <summary>Every member's last lines, for failure messages.</summary>
    public string LogTails(int lines = 15) =>
        string.Join("\n", _etcd.Concat(_patroni).Select(p => $"--- {p.Name}{(p.HasExited ? $" (exited {p.ExitCode})" : "")}:\n{p.LogTail(lines)}"));

    /// <summary>
    /// Patroni first, with SIGTERM: it stops its PostgreSQL before it exits (SIGKILL would leave the server
    /// running without it). A postmaster that outlives its Patroni anyway is stopped by its pid file.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_patroni.Select(p => p.StopAsync(Signal.Terminate, StopDeadline)));
        foreach (var member in _spec.Postgres)
            if (member.PostmasterPid() is { } orphan) Signals.Send(orphan, Signal.Quit);
        await Eventually.Until(() => Task.FromResult(_spec.Postgres.Count(m => m.PostmasterPid() is not null)), n => n == 0, StopDeadline, "every postmaster gone");
        foreach (var process in _patroni.Concat(_etcd)) await process.DisposeAsync();
        Directory.Delete(_spec.Directory, recursive: true);
    }

    private async Task AwaitAsync(Func<Task<bool>> ready, string what)
    {
        try
        {
            await Eventually.Until(async () => _etcd.Concat(_patroni).Any(p => p.HasExited) || await ready(), done => done, StartDeadline, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{LogTails()}", e);
        }
        if (_etcd.Concat(_patroni).FirstOrDefault(p => p.HasExited) is { } dead)
            throw new InvalidOperationException($"{dead.Name} exited {dead.ExitCode} while starting\n{LogTails()}");
    }

    private static async Task<bool> AllAsync(IEnumerable<Uri> urls) => (await Task.WhenAll(urls.Select(Launch.AnswersOkAsync))).All(ok => ok);

    private string LogFile(string name) => Path.Combine(_spec.Directory, name + ".log");
}
