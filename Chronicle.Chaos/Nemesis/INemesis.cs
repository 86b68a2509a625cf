namespace Chronicle.Chaos.Nemesis;

/// <summary>
/// What the nemesis can do to a running stack: crash and restart a ledger node, stop and start the
/// event feed's NATS server and the read model's PostgreSQL. The dev stack does it through ./chronicle;
/// the tests through their own processes.
/// </summary>
internal interface INemesis
{
    /// <summary>The ledger nodes by name (ledger-1, ...), of which one at a time is killed.</summary>
    IReadOnlyList<string> LedgerNodes { get; }

    /// <summary>SIGKILL: no leave, no hand-off.</summary>
    Task KillLedgerAsync(string node);

    /// <summary>Starts the node again (same address); it joins the cluster.</summary>
    Task RestartLedgerAsync(string node);

    Task StopBusAsync();

    Task StartBusAsync();

    Task StopReadModelAsync();

    Task StartReadModelAsync();
}
