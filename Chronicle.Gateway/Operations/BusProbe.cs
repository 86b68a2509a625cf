using NATS.Client.Core;

namespace Chronicle.Gateway.Operations;

/// <summary>Whether the event feed's NATS server answers, for /readyz.</summary>
internal static class BusProbe
{
    /// <summary>
    /// A fresh connection per probe: nothing to keep alive between probes, and it answers for the
    /// server as it is now, not for a client library's reconnect state.
    /// </summary>
    public static async Task<string> ProbeAsync(string natsUrl, TimeSpan timeout)
    {
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await using var connection = new NatsConnection(new NatsOpts
            {
                Url = natsUrl,
                Name = "chronicle-readyz",
                ConnectTimeout = timeout,
                MaxReconnectRetry = 0,
            });
            await connection.ConnectAsync().AsTask().WaitAsync(deadline.Token);
            await connection.PingAsync(deadline.Token);
            return "ok";
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException or TimeoutException)
        {
            return "unreachable";
        }
    }
}
