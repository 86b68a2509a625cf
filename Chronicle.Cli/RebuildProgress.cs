using Chronicle.Contracts.Admin;
using Spectre.Console;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli;

/// <summary>
/// A rebuild's progress while it is followed: on a terminal a Spectre.Console progress bar redrawn in place; otherwise
/// (a pipe, a log, CI) one plain line every few seconds, which scripts may read.
/// </summary>
internal static class RebuildProgress
{
    /// <summary>How often the node is asked: a bar wants to move smoothly, a log only now and then.</summary>
    public static TimeSpan Interval(CliConsole console) => console.IsTerminal ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <paramref name="follow"/>, showing each report it passes to its argument (with the time since the rebuild
    /// started); the bar ends full when the last report it returns says the rebuild is over.
    /// </summary>
    public static Task<ProjectorReportResponse> ShowAsync(CliConsole console,
        Func<Action<ProjectorReportResponse, TimeSpan>, Task<ProjectorReportResponse>> follow)
    {
        if (!console.IsTerminal)
            return follow((report, elapsed) => console.Out.WriteLine($"rebuild: {Projected(report),6}  {Counts(report)}  {Elapsed(elapsed)}"));

        return console.Ansi.Progress()
            .AutoClear(false)
            .ExcludeVerticalPadding()
            .Columns(new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask("rebuild", maxValue: 1);
                var last = await follow((report, _) => Update(bar, report));
                Update(bar, last);
                bar.StopTask();
                return last;
            });
    }

    /// <summary>The line after the following ends: caught up, or still running when the CLI stopped waiting.</summary>
    public static void Done(CliConsole console, ProjectorReportResponse report, TimeSpan elapsed)
    {
        var state = report.Rebuild.InProgress ? "still running" : "caught up";
        console.Out.WriteLine($"rebuild: {state} after {Elapsed(elapsed)}: {Optional(report.Totals.EventsInReadModel)} events in the read model, " +
                              $"{Optional(report.Totals.EventsOnStream)} on the stream, {Count(report.Totals.Pending)} pending");
    }

    private static void Update(ProgressTask bar, ProjectorReportResponse report)
    {
        bar.IsIndeterminate = report.Rebuild is { InProgress: true, Progress: null };
        bar.Value = report.Rebuild.InProgress ? (double)(report.Rebuild.Progress ?? 0) : bar.MaxValue;
        bar.Description = Markup.Escape(Counts(report));
    }

    private static string Projected(ProjectorReportResponse report) => report.Rebuild.Progress is { } progress ? Percent(progress) : "?";

    private static string Counts(ProjectorReportResponse report)
    {
        var totals = report.Totals;
        var partitions = report.Partitions.Count == 0 ? "partitions restarting" : $"{totals.Running}/{totals.Partitions} partitions running";
        return $"{Optional(totals.EventsInReadModel)} / {Optional(totals.EventsOnStream)} events  pending {Count(totals.Pending)}  {partitions}";
    }
}
