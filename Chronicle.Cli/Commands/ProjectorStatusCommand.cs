using System.CommandLine;
using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>projector status</c>: the partitions as a table, then the totals, the dead letters and any rebuild under way.</summary>
internal static class ProjectorStatusCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("status", "per partition: position, pending, lag; totals, events in quarantine (dead letters); any rebuild under way");
        context.SetOperatorAction(command, (_, node, cancellationToken) => RunAsync(node, context.Console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliNode node, CliConsole console, CancellationToken cancellationToken)
    {
        Write(await node.AskAsync((client, token) => client.GetProjectorAsync(token), cancellationToken), console);
        return ExitCodes.Ok;
    }

    private static void Write(ProjectorReportResponse report, CliConsole console)
    {
        var output = console.Out;
        var totals = report.Totals;
        if (report.Refusal is { } refusal)
        {
            output.WriteLine($"partitions: none running; the projector refuses: {refusal}");
        }
        else if (report.Partitions.Count == 0)
        {
            output.WriteLine("partitions: none running (a rebuild is emptying the read model; they restart in a moment)");
        }
        else
        {
            var table = new CliTable("PART", "RUNNING", "STREAM SEQ", "PENDING", "LAG MS", "APPLIED", "GAPS", "EVENTS", "LAST WRITTEN")
                .AlignRight(0, 2, 3, 4, 5, 6, 7);
            foreach (var p in report.Partitions)
            {
                table.Add(Count(p.Partition), p.Running ? "yes" : "no", Count(p.StreamSequence), Count(p.Pending), Optional(p.LagMs),
                    Count(p.AppliedSinceStart), Count(p.GapsRepairedSinceStart), Optional(p.EventsApplied), Time(p.LastWrittenAt));
            }
            table.Add("all", $"{totals.Running}/{totals.Partitions}", "", Count(totals.Pending), Optional(totals.MaxLagMs),
                Count(totals.AppliedSinceStart), Count(totals.GapsRepairedSinceStart), Optional(totals.EventsInReadModel), "");
            table.WriteTo(console);
            output.WriteLine("(APPLIED, GAPS: since the partition started; EVENTS: in the read model since it was last emptied; LAG MS: all: the largest)");
        }
        output.WriteLine($"events: {Optional(totals.EventsInReadModel)} in the read model, {Optional(totals.EventsOnStream)} on the stream; " +
                         (report.CaughtUp ? "caught up" : "catching up"));
        output.WriteLine(totals.DeadLetters switch
        {
            null => "dead letters: ? (the read model did not answer)",
            0 => "dead letters: none",
            var held => $"dead letters: {Count(held.Value)} event(s) in quarantine; ./chronicle verify lists the held entities, " +
                        "./chronicle projector replay applies them after a fix",
        });
        output.WriteLine(report.Rebuild.InProgress
            ? $"rebuild: in progress since {Time(report.Rebuild.Since)}, {(report.Rebuild.Progress is { } done ? Percent(done) : "?")} projected"
            : "rebuild: none in progress");
    }
}
