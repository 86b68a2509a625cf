using System.Diagnostics;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>rebuild</c>: starts it, follows the node's report until the rebuild has caught up (the node
/// decides: every partition running with nothing pending), then runs verify and exits with its status.
/// </summary>
public static class RebuildCommand
{
    public static async Task<int> RunAsync(AdminClient node, CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var accepted = await node.RebuildAsync(cancellationToken);
        console.Out.WriteLine($"rebuild: started {Time(accepted.StartedAt)}; the read model is projected again from the stream, writes go on");

        var progress = new RebuildProgress(console);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var report = await node.ProjectorAsync(cancellationToken);
            if (!report.Rebuild.InProgress)
            {
                progress.Done(report, clock.Elapsed);
                break;
            }
            progress.Show(report, clock.Elapsed);
            if (clock.Elapsed > arguments.Timeout)
            {
                progress.Done(report, clock.Elapsed);
                throw new CliFailure(ExitCodes.Failed,
                    $"the rebuild has not caught up within {Elapsed(arguments.Timeout)}; it goes on (./chronicle projector status)");
            }
            // Polling the node's report: the rebuild's end is something the node observes, not an event it sends.
            await Task.Delay(progress.Interval, cancellationToken);
        }

        return await VerifyCommand.RunAsync(node, arguments.Settle, console, cancellationToken);
    }
}
