namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// Events per second on the feed over the last minutes: the stream's last sequence sampled every
/// <see cref="Interval"/> (one small JetStream request), so a dashboard opened now shows the recent past
/// at once. Only on a node with the feed's NATS server; a failed sample is skipped.
/// </summary>
internal sealed class EventRate(FeedReader feed, ILogger<EventRate> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How far back the history reaches.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The current rate is taken over this many samples, so it does not jump with every tick.</summary>
    private const int CurrentOver = 5;

    private readonly Queue<(DateTimeOffset At, ulong Sequence)> _samples = new();

    public EventRateResponse? Snapshot()
    {
        (DateTimeOffset At, ulong Sequence)[] samples;
        lock (_samples) samples = [.. _samples];
        if (samples.Length == 0) return null;

        var history = new List<RateSample>(samples.Length);
        for (var i = 1; i < samples.Length; i++) history.Add(new RateSample(samples[i].At, PerSecond(samples[i - 1], samples[i])));
        var current = samples.Length > 1 ? PerSecond(samples[Math.Max(0, samples.Length - 1 - CurrentOver)], samples[^1]) : 0;
        return new EventRateResponse(samples[^1].Sequence, current, history);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                Add(DateTimeOffset.UtcNow, await feed.LastSequenceAsync(stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // NATS away, or no stream yet: no sample this time. Never let it out: it would stop the node.
                log.LogDebug(e, "event rate sample skipped");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Add(DateTimeOffset at, ulong sequence)
    {
        lock (_samples)
        {
            _samples.Enqueue((at, sequence));
            while (_samples.Peek().At < at - Window) _samples.Dequeue();
        }
    }

    /// <summary>A stream that was reset (sequence going back) counts as no events rather than a negative rate.</summary>
    private static double PerSecond((DateTimeOffset At, ulong Sequence) from, (DateTimeOffset At, ulong Sequence) to) =>
        to.Sequence < from.Sequence ? 0 : Math.Round((to.Sequence - from.Sequence) / Math.Max((to.At - from.At).TotalSeconds, 0.001), 1);
}
