using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>projector replay [TYPE ID]</c>: the held entities applied again from the journal; each released or still held (exit 1).</summary>
internal static class ProjectorReplayCommand
{
    public static async Task<int> RunAsync(AdminClient node, string? entityType, string? entityId, CliConsole console, CancellationToken cancellationToken)
    {
        var result = await node.ReplayDeadLettersAsync(entityType, entityId, cancellationToken);
        if (result.Entities.Count == 0)
        {
            console.Out.WriteLine(entityType is null ? "replay: nothing held" : $"replay: {entityType} {entityId} is not held");
            return ExitCodes.Ok;
        }

        var table = new TextTable("TYPE", "ID", "RESULT", "APPLIED", "ERROR").AlignRight(3);
        foreach (var e in result.Entities)
            table.Add(e.EntityType, e.EntityId, e.Released ? "released" : "still held", Count(e.EventsApplied), e.Error ?? "");
        table.WriteTo(console.Out);
        console.Out.WriteLine($"replay: {Count(result.Released)} released, {Count(result.StillHeld)} still held");
        return result.StillHeld == 0 ? ExitCodes.Ok : ExitCodes.Differences;
    }
}
