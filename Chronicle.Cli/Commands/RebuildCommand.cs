using System.Diagnostics;
using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>rebuild</c>: starts it, follows the node's report until the rebuild has caught up (the node
/// decides: every partition running with nothing pending), then runs verify and exits with its status.
/// </summary>
public static class RebuildCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    /// <summary>Status answers in a row that may fail before the CLI gives up following the rebuild.</summary>
    private const int MaxMissedAnswers = 10;

    public static async Task<int> RunAsync(AdminClient node, CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var accepted = await node.RebuildAsync(cancellationToken);
        console.Out.WriteLine($"rebuild: started {Time(accepted.StartedAt)}; the read model is projected again from the stream, writes go on");

        var timeout = arguments.Timeout ?? DefaultTimeout;
        var progress = new RebuildProgress(console);
        var clock = Stopwatch.StartNew();
        var missedAnswers = 0;
        while (true)
        {
            ProjectorReportResponse report;
            try
            {
                report = await node.ProjectorAsync(cancellationToken);
                missedAnswers = 0;
            }
            catch (CliFailure) when (++missedAnswers < MaxMissedAnswers)
            {
                // A rebuild keeps the node busy: a status answer may not come in time. Ask again.
                await Task.Delay(progress.Interval, cancellationToken);
                continue;
            }
            if (!report.Rebuild.InProgress)
            {
                progress.Done(report, clock.Elapsed);
                break;
            }
            progress.Show(report, clock.Elapsed);
            if (clock.Elapsed > timeout)
            {
                progress.Done(report, clock.Elapsed);
                throw new CliFailure(ExitCodes.Failed,
                    $"the rebuild has not caught up within {Elapsed(timeout)}; it goes on (./chronicle projector status)");
            }
            // Polling the node's report: the rebuild's end is something the node observes, not an event it sends.
            await Task.Delay(progress.Interval, cancellationToken);
        }

        return await VerifyCommand.RunAsync(node, arguments.Settle, console, cancellationToken);
    }
}
