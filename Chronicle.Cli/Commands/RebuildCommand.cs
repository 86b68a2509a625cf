using System.CommandLine;
using System.Diagnostics;
using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>rebuild</c>: starts it, follows the node's report until the rebuild has caught up (the node
/// decides: every partition running with nothing pending), then runs verify and exits with its status.
/// </summary>
internal static class RebuildCommand
{
    /// <summary>An hour: a journal of millions of events is projected again in minutes.</summary>
    private const int DefaultTimeoutSeconds = 3600;

    /// <summary>Status answers in a row that may fail before the CLI gives up following the rebuild.</summary>
    private const int MaxMissedAnswers = 10;

    public static Command Create(CliContext context)
    {
        var settle = CliOptions.Settle();
        var timeout = CliOptions.Seconds("--timeout", "give up waiting for the rebuild after S seconds (the rebuild itself goes on)", DefaultTimeoutSeconds);
        var command = new Command("rebuild", "rebuild the read model from scratch while writes go on: shows the progress until every partition " +
                                             "has caught up, then runs verify") { settle, timeout };
        context.SetOperatorAction(command, (parse, node, cancellationToken) => RunAsync(node, TimeSpan.FromSeconds(parse.GetValue(settle)),
            TimeSpan.FromSeconds(parse.GetValue(timeout)), context.Console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliNode node, TimeSpan settle, TimeSpan timeout, CliConsole console, CancellationToken cancellationToken)
    {
        var accepted = await node.AskAsync((client, token) => client.RebuildAsync(token), CliNode.LongTimeout, cancellationToken);
        console.Out.WriteLine($"rebuild: started {Time(accepted.StartedAt)}; the read model is projected again from the stream, writes go on");

        var clock = Stopwatch.StartNew();
        var last = await RebuildProgress.ShowAsync(console, show => FollowAsync(node, show, clock, timeout, RebuildProgress.Interval(console), cancellationToken));
        RebuildProgress.Done(console, last, clock.Elapsed);
        if (last.Rebuild.InProgress)
            throw new CliFailure(ExitCodes.Failed, $"the rebuild has not caught up within {Elapsed(timeout)}; it goes on (./chronicle projector status)");

        return await VerifyCommand.RunAsync(node, settle, console, cancellationToken);
    }

    /// <summary>The node's reports, each shown, until the rebuild is over or <paramref name="timeout"/> has passed; the last one.</summary>
    private static async Task<ProjectorReportResponse> FollowAsync(CliNode node, Action<ProjectorReportResponse, TimeSpan> show, Stopwatch clock,
        TimeSpan timeout, TimeSpan interval, CancellationToken cancellationToken)
    {
        var missedAnswers = 0;
        while (true)
        {
            ProjectorReportResponse report;
            try
            {
                report = await node.AskAsync((client, token) => client.GetProjectorAsync(token), cancellationToken);
                missedAnswers = 0;
            }
            catch (CliFailure) when (++missedAnswers < MaxMissedAnswers)
            {
                // A rebuild keeps the node busy: a status answer may not come in time. Ask again.
                await Task.Delay(interval, cancellationToken);
                continue;
            }
            if (!report.Rebuild.InProgress) return report;
            show(report, clock.Elapsed);
            if (clock.Elapsed > timeout) return report;
            // Polling the node's report: the rebuild's end is something the node observes, not an event it sends.
            await Task.Delay(interval, cancellationToken);
        }
    }
}
