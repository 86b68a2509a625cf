using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Chronicle.DevStack;
using Microsoft.Extensions.Hosting;

namespace Chronicle.AppHost;

/// <summary>
/// Every part's output, as Aspire collects it for the dashboard, also appended to .chronicle/logs/NAME.log:
/// for `./chronicle logs`, for grep, and to read after the stack is down.
/// </summary>
internal sealed class ResourceLogFiles(DistributedApplicationModel model, ResourceLoggerService logs, DevStackDefinition stack) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(model.Resources.OfType<ExecutableResource>().Select(resource => CopyAsync(resource, stoppingToken)));

    private async Task CopyAsync(IResource resource, CancellationToken stoppingToken)
    {
        await using var file = new StreamWriter(new FileStream(Path.Combine(stack.LogDirectory, resource.Name + ".log"),
            FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        await file.WriteLineAsync($"==== {DateTimeOffset.Now:O} {resource.Name}: AppHost started");
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(stoppingToken))
                foreach (var line in batch)
                    await file.WriteLineAsync(line.Content);
        }
        catch (OperationCanceledException)
        {
            // the AppHost stops
        }
    }
}
