using Npgsql;

namespace Chronicle.Gateway.Operations;

/// <summary>
/// Watches the event store in the background so that requests can fail fast while it is away:
/// an account that must recover from an unreachable journal cannot answer at all (its commands
/// are lost with it), so without this a write would hang until the command timeout.
/// The last probe's result also answers /readyz.
/// </summary>
public sealed class EventStoreMonitor(NodeSettings settings, ILogger<EventStoreMonitor> log) : BackgroundService
{
    /// <summary>How often the event store is probed; also the longest a newly dead store goes unnoticed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private volatile bool _reachable = true;

    public bool Reachable => _reachable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var reachable = await ProbeAsync(settings.Ledger.EventStoreConnectionString, stoppingToken);
            if (reachable != _reachable) log.LogWarning("event store is {State}", reachable ? "reachable again" : "unreachable");
            _reachable = reachable;
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static async Task<bool> ProbeAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
