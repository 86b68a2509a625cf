using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli;

/// <summary>
/// A rebuild's progress: on a terminal a bar redrawn in place twice a second, otherwise (a pipe, a log)
/// one plain line every few seconds.
/// </summary>
public sealed class RebuildProgress(CliConsole console)
{
    private const int BarWidth = 30;
    private int _drawnWidth;

    public TimeSpan Interval { get; } = console.IsTerminal ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(2);

    public void Show(ProjectorReportResponse report, TimeSpan elapsed)
    {
        var line = Describe(report, elapsed);
        if (!console.IsTerminal)
        {
            console.Out.WriteLine($"rebuild: {line}");
            return;
        }
        var progress = report.Rebuild.Progress ?? 0;
        var filled = (int)(progress * BarWidth);
        var text = $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {line}";
        console.Out.Write("\r" + text.PadRight(_drawnWidth));
        _drawnWidth = text.Length;
        console.Out.Flush();
    }

    public void Done(ProjectorReportResponse report, TimeSpan elapsed)
    {
        if (console.IsTerminal && _drawnWidth > 0) console.Out.WriteLine();
        var state = report.Rebuild.InProgress ? "still running" : "caught up";
        console.Out.WriteLine($"rebuild: {state} after {Elapsed(elapsed)}: {Optional(report.Totals.EventsInReadModel)} events in the read model, " +
                              $"{Optional(report.Totals.EventsOnStream)} on the stream, {Count(report.Totals.Pending)} pending");
    }

    private static string Describe(ProjectorReportResponse report, TimeSpan elapsed)
    {
        var totals = report.Totals;
        var percent = report.Rebuild.Progress is { } progress ? Percent(progress) : "?";
        var partitions = report.Partitions.Count == 0 ? "partitions restarting" : $"{totals.Running}/{totals.Partitions} partitions running";
        return $"{percent,6}  {Optional(totals.EventsInReadModel)} / {Optional(totals.EventsOnStream)} events  " +
               $"pending {Count(totals.Pending)}  {partitions}  {Elapsed(elapsed)}";
    }
}
