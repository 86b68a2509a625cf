namespace Chronicle.Gateway.Operations;

/// <summary>
/// Watches the event store so that requests can fail fast while it is away: an account that must
/// recover from an unreachable journal cannot answer at all (its commands are lost with it), so
/// without this a write would hang until the command timeout.
/// </summary>
public sealed class EventStoreMonitor(NodeSettings settings, ILogger<EventStoreMonitor> log)
    : DatabaseMonitor("event store", settings.Ledger.EventStoreConnectionString, log);
