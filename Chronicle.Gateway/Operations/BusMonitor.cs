using NATS.Client.Core;

namespace Chronicle.Gateway.Operations;

/// <summary>
/// Whether the event feed's NATS server answers, for /readyz: a ping every <see cref="Interval"/> over the
/// node's own connection (<see cref="BusServices"/>), the last answer kept. /readyz is anonymous and may be
/// called as often as anyone likes, so it reads this and opens nothing.
/// </summary>
internal sealed class BusMonitor(NatsConnection bus, ILogger<BusMonitor> log) : BackgroundService
{
    /// <summary>How often the server is pinged; also about the longest a newly returned one goes unnoticed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    private volatile bool _reachable;

    /// <summary>
    /// "ok" or "unreachable", as /readyz reports it: unreachable until the first ping answers, and as soon as the
    /// connection is lost (the client sees a dropped socket before the next ping would).
    /// </summary>
    public string Health => _reachable && bus.ConnectionState == NatsConnectionState.Open ? "ok" : "unreachable";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var reachable = await PingAsync(stoppingToken);
            if (reachable != _reachable) log.LogInformation("the event feed's NATS server is {State}", reachable ? "reachable" : "unreachable");
            _reachable = reachable;
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> PingAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            deadline.CancelAfter(PingTimeout);
            // On a connection that is not open, this connects (or waits for the reconnect) first.
            await bus.PingAsync(deadline.Token);
            return true;
        }
        catch (Exception e) when (e is NatsException or TimeoutException || (e is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
