using Npgsql;

namespace Chronicle.Gateway.Operations;

/// <summary>
/// Watches one PostgreSQL database in the background so that requests can decide at once whether
/// to use it, instead of each finding out the slow way. The last probe's result also answers /readyz.
/// </summary>
public abstract class DatabaseMonitor(string name, string connectionString, ILogger log) : BackgroundService
{
    /// <summary>How often the database is probed; also the longest a newly dead one goes unnoticed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private volatile bool _reachable = true;

    public bool Reachable => _reachable;

    /// <summary>"ok" or "unreachable", as /readyz reports it.</summary>
    public string Health => _reachable ? "ok" : "unreachable";

    /// <summary>
    /// A request just failed against the database: treat it as away until the next probe says
    /// otherwise, so the requests behind it do not each pay for the same failure.
    /// </summary>
    public void ReportFailure(Exception failure)
    {
        if (!_reachable) return;
        _reachable = false;
        log.LogWarning(failure, "{Database} failed a request; treated as unreachable until the next probe", name);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var reachable = await ProbeAsync(stoppingToken);
            if (reachable != _reachable) log.LogWarning("{Database} is {State}", name, reachable ? "reachable again" : "unreachable");
            _reachable = reachable;
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Whether a request's exception says the database is away: no connection, or the server refusing work
    /// (SQLSTATE classes 08 connection, 53 insufficient resources, 57 operator intervention, 58 system error).
    /// Any other error the server answers with (a value out of range, a violated constraint, bad SQL) is a
    /// fault of that query or its data: the database is there, and the other requests must go on using it.
    /// </summary>
    public static bool IsOutage(Exception e) => e switch
    {
        PostgresException server => server.SqlState[..2] is "08" or "53" or "57" or "58",
        NpgsqlException or TimeoutException => true,
        _ => false,
    };

    private async Task<bool> ProbeAsync(CancellationToken cancellationToken)
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
        // Whatever stops SELECT 1 (a refused login, a missing database included) makes the database unusable.
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
