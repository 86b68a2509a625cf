using Chronicle.Client;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// Writes go on: one-cent deposits round the given accounts, one after another, until stopped. Every
/// deposit must be accepted (201); <see cref="StopAsync"/> says how many were.
/// </summary>
public sealed class BackgroundDeposits : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _accepted;

    /// <summary>
    /// Keyed, as a careful client writes: the gateway may then ask again for it (a shard hand-over can lose a message). Sent
    /// once: every deposit must be accepted at the first try.
    /// </summary>
    private static readonly ChronicleClientOptions Client = new() { Retry = ChronicleRetryPolicy.None, NewIdempotencyKey = () => $"bg-{Guid.NewGuid():N}" };

    public BackgroundDeposits(TestNode node, IReadOnlyList<string> accountIds)
    {
        var client = node.ClientFor(node.Keys.Client, Client);
        _loop = Task.Run(() => LoopAsync(client, accountIds));
    }

    public long Accepted => Interlocked.Read(ref _accepted);

    private async Task LoopAsync(ChronicleClient client, IReadOnlyList<string> accountIds)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            try
            {
                await client.DepositAsync(new DepositRequest(accountIds[i % accountIds.Count], 0.01m));
            }
            catch (ChronicleProblemException refused)
            {
                throw new InvalidOperationException($"deposit {i} answered {refused.Message} at {DateTime.UtcNow:HH:mm:ss.fff}");
            }
            Interlocked.Increment(ref _accepted);
        }
    }

    /// <summary>Throws what made a deposit fail, if one did, without stopping the others: for a wait that must not outlast a failure.</summary>
    public void ThrowIfFailed()
    {
        if (_loop.IsFaulted) _loop.GetAwaiter().GetResult();
    }

    /// <summary>Stops after the deposit in flight; throws what made a deposit fail, if one did.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (InvalidOperationException)
        {
            // Already reported by StopAsync, or the test failed before it asked.
        }
        _stop.Dispose();
    }
}
