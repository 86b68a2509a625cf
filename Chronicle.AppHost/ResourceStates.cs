using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Chronicle.DevStack;
using Microsoft.Extensions.Hosting;

namespace Chronicle.AppHost;

/// <summary>The latest snapshot Aspire published for each part, by name: what the control endpoint reports and waits on.</summary>
internal sealed class ResourceStates(DistributedApplicationModel model, ResourceNotificationService notifications) : BackgroundService
{
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _latest = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
                _latest[update.Resource.Name] = update.Snapshot;
        }
        catch (OperationCanceledException)
        {
            // the AppHost stops
        }
    }

    public IResource? Find(string name) => model.Resources.OfType<ExecutableResource>().FirstOrDefault(r => r.Name == name);

    public IReadOnlyList<ResourceStatus> All() => model.Resources.OfType<ExecutableResource>().Select(r => Status(r.Name)).ToList();

    public ResourceStatus Status(string name)
    {
        if (!_latest.TryGetValue(name, out var snapshot)) return new ResourceStatus(name, "NotStarted", null, null, null);
        var pid = snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        return new ResourceStatus(name, snapshot.State?.Text ?? "Unknown", snapshot.HealthStatus?.ToString(),
            pid is null ? null : Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture), snapshot.ExitCode);
    }

    public Task WaitAsync(string name, Func<ResourceStatus, bool> done, string what, TimeSpan deadline) =>
        Eventually.Until(() => Task.FromResult(Status(name)), done, deadline, $"{name} {what}");
}
