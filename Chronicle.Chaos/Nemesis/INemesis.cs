namespace Chronicle.Chaos.Nemesis;

/// <summary>
/// What the nemesis can do to a running stack, and how it makes it whole again. The dev stack does it
/// through its AppHost; the tests through their own processes. The faults (<see cref="IFault"/>) are
/// made of these.
/// </summary>
internal interface INemesis
{
    /// <summary>The faults (<see cref="FaultNames"/>) this stack can take.</summary>
    IReadOnlySet<string> Supported { get; }

    /// <summary>The ledger nodes by name (ledger-1, ...), of which one at a time is killed.</summary>
    IReadOnlyList<string> LedgerNodes { get; }

    /// <summary>SIGKILL: no leave, no hand-off.</summary>
    Task KillLedgerAsync(string node);

    /// <summary>Every nats-server of the stack stopped: the whole bus away.</summary>
    Task StopBusAsync();

    /// <summary>The nats-servers by name, of which one at a time is killed; empty where the bus is one server.</summary>
    IReadOnlyList<string> BusServers { get; }

    /// <summary>SIGKILL of one nats-server; the other two keep the stream (its three copies).</summary>
    Task KillBusServerAsync(string server);

    Task StopReadModelAsync();

    /// <summary>SIGKILL of the replicated event store's primary PostgreSQL; says which server it was.</summary>
    Task<string> KillStorePrimaryAsync();

    /// <summary>The cluster's members that run now, as processes: what a partition cuts.</summary>
    Task<IReadOnlyList<ClusterMember>> MembersAsync();

    /// <summary>
    /// Starts what a fault stopped, killed or had downed, and returns once the stack is whole: every
    /// member up and reachable, the bus and the read model serving, the event store replicating.
    /// Throws when that does not happen within its deadline.
    /// </summary>
    Task HealAsync();
}
