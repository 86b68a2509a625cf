using Chronicle.Gateway.Operations;

namespace Chronicle.Gateway.Admin;

/// <summary>
/// Ends <see cref="ReadModelRebuildState"/>'s rebuild once the projector reports every partition
/// caught up, so reads go back to the read model as soon as it is whole again.
/// </summary>
public sealed class RebuildWatcher(ReadModelRebuildState rebuild, ProjectorClient projector, ILogger<RebuildWatcher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!rebuild.AwaitingCatchUp) continue;
            try
            {
                if (!(await projector.StatusAsync(stoppingToken)).CaughtUp) continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Asked again on the next tick (the projector may be moving: a singleton hand-over). Never
                // let it out: a background service that throws stops the whole node.
                log.LogDebug(e, "projector status unavailable while watching a rebuild");
                continue;
            }
            log.LogInformation("read-model rebuild asked for at {Since:O} has caught up", rebuild.Since);
            rebuild.Finish();
        }
    }
}
