using System.Diagnostics;
using System.Text;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// The replicated event store's members' roles as they change during a fault, sampled until stopped: where a failover's
/// time went (noticed, promoted, a synchronous replica again), for the test's output and its failure messages.
/// </summary>
public sealed class RoleTimeline : IAsyncDisposable
{
    /// <summary>A sample, not a wait: a change shorter than this may go unseen, and the timeline says no more than that.</summary>
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly StringBuilder _lines = new();
    private readonly Task _sampling;

    public RoleTimeline(ReplicatedEventStore store) => _sampling = Task.Run(() => SampleAsync(store));

    /// <summary>Each change as "+seconds: roles", since the timeline started.</summary>
    public override string ToString()
    {
        lock (_lines) return _lines.ToString();
    }

    private async Task SampleAsync(ReplicatedEventStore store)
    {
        var last = "";
        while (!_stop.IsCancellationRequested)
        {
            var roles = await store.RolesAsync();
            if (roles != last)
            {
                lock (_lines) _lines.AppendLine($"+{_since.Elapsed.TotalSeconds:0.0} s: {roles}");
                last = roles;
            }
            try
            {
                await Task.Delay(SampleInterval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
