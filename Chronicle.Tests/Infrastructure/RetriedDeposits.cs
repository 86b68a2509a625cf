using System.Collections.Concurrent;
using Chronicle.Client;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// Deposits as a careful client makes them, from several workers at once: each deposit of 1.00 with an
/// Idempotency-Key of its own, sent again with the same key after a 503 or no answer until it is
/// acknowledged (201). Any other answer fails the run. What was acknowledged is what the journal must
/// hold, each key exactly once. Through Chronicle.Client, each try sent once: the retries are the workers' own, counted.
/// </summary>
public sealed class RetriedDeposits : IAsyncDisposable
{
    /// <summary>How long one deposit may take, all its tries together, before the run fails.</summary>
    private static readonly TimeSpan OperationDeadline = TimeSpan.FromMinutes(3);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastAcknowledgedAt = new();
    private readonly ConcurrentQueue<(DateTimeOffset Started, DateTimeOffset Acknowledged)> _timeline = new();
    private long _failedTries;

    public RetriedDeposits(TestNode gateway, IReadOnlyList<string> accountIds, int workers, string keyPrefix)
    {
        var client = gateway.ClientFor(gateway.Keys.Client, new ChronicleClientOptions { Retry = ChronicleRetryPolicy.None });
        _workers = Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(client, accountIds, w, keyPrefix))).ToArray();
    }

    public long Acknowledged => _acknowledged.Count;

    /// <summary>Tries answered 503 or not at all (each retried).</summary>
    public long FailedTries => Interlocked.Read(ref _failedTries);

    /// <summary>When the account's latest deposit was acknowledged; null when none was yet.</summary>
    public DateTimeOffset? LastAcknowledgedAt(string accountId) => _lastAcknowledgedAt.TryGetValue(accountId, out var at) ? at : null;

    /// <summary>
    /// When the first deposit begun after <paramref name="at"/> was acknowledged (its first try, not a retry
    /// of one begun before); null while none is. After a fault: when writes came back.
    /// </summary>
    public DateTimeOffset? FirstAcknowledgedOfThoseBegunAfter(DateTimeOffset at) =>
        _timeline.Where(d => d.Started > at).Select(d => (DateTimeOffset?)d.Acknowledged).Min();

    /// <summary>Stops once every deposit under way is acknowledged; returns the acknowledged keys and their accounts.</summary>
    public async Task<IReadOnlyDictionary<string, string>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        return _acknowledged;
    }

    private async Task WorkAsync(ChronicleClient gateway, IReadOnlyList<string> accountIds, int worker, string keyPrefix)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var accountId = accountIds[(worker * 7 + i * 13) % accountIds.Count];
            var key = $"{keyPrefix}-{worker}-{i}";
            var started = DateTimeOffset.UtcNow;
            await DepositAsync(gateway, accountId, key);
            var acknowledged = DateTimeOffset.UtcNow;
            _acknowledged[key] = accountId;
            _lastAcknowledgedAt[accountId] = acknowledged;
            _timeline.Enqueue((started, acknowledged));
        }
    }

    private async Task DepositAsync(ChronicleClient gateway, string accountId, string key)
    {
        var deadline = DateTime.UtcNow + OperationDeadline;
        while (true)
        {
            try
            {
                await gateway.DepositAsync(new DepositRequest(accountId, 1.00m), key);
                return;
            }
            catch (ChronicleProblemException unavailable) when (unavailable.Status == 503)
            {
                // Not answered in time: the same as no answer.
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // No answer: the write may or may not have happened; the same key settles it.
            }
            Interlocked.Increment(ref _failedTries);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"deposit {key} to {accountId} not acknowledged within {OperationDeadline}");
            // A pause between tries of one request, as a client backs off; not a wait for a condition.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_workers);
        }
        catch (Exception e) when (e is ChronicleProblemException or TimeoutException)
        {
            // Already reported by StopAsync, or the test failed before it asked.
        }
        _stop.Dispose();
    }
}
