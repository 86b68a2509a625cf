using Chronicle.Gateway.Operations;

namespace Chronicle.Gateway.Admin;

/// <summary>
/// Ends <see cref="ReadModelRebuildState"/>'s rebuild once the projector has reported every partition
/// caught up, so reads go back to the read model as soon as it is whole again.
/// </summary>
internal sealed class RebuildWatcher(ReadModelRebuildState rebuild, ProjectorClient projector, ILogger<RebuildWatcher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!rebuild.AwaitingCatchUp) continue;
            var since = rebuild.Since;
            try
            {
                if (!rebuild.Observe(await projector.StatusAsync(stoppingToken))) continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Asked again on the next tick (the projector may be moving: a singleton hand-over). Never
                // let it out: a background service that throws stops the whole node.
                log.LogDebug(e, "projector status unavailable while watching a rebuild");
                continue;
            }
            log.LogInformation("read-model rebuild asked for at {Since:O} has caught up", since);
        }
    }
}
