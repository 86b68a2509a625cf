namespace Chronicle.Gateway.Operations;

/// <summary>
/// Watches the read model (only on a node that has one) so that queries decide at once between it
/// and the entities themselves. Writes never depend on it, so neither does readiness.
/// </summary>
internal sealed class ReadModelMonitor(string connectionString, ILogger<ReadModelMonitor> log)
    : DatabaseMonitor("read model", connectionString, log);
