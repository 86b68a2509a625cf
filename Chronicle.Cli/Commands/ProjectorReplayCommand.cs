using System.CommandLine;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>projector replay [TYPE ID]</c>: the held entities applied again from the journal; each released or still held (exit 1).</summary>
internal static class ProjectorReplayCommand
{
    public static Command Create(CliContext context)
    {
        var entityType = new Argument<string?>("TYPE") { Description = "the held entity's type: account or transfer", Arity = ArgumentArity.ZeroOrOne };
        var entityId = new Argument<string?>("ID") { Description = "its id", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("replay", "apply the held entities' events again from the journal, after a fix (every held entity, " +
                                            "or the one named, e.g. account alice); exits 1 when any is still held") { entityType, entityId };
        CliWords.RefuseOptions(command);
        command.Validators.Add(result =>
        {
            if (result.Errors.Any()) return;
            if (result.GetValue(entityType) is not null && result.GetValue(entityId) is null)
                result.AddError("projector replay takes an entity type and its id (account alice), or nothing for every held entity");
        });
        context.SetOperatorAction(command, (parse, node, cancellationToken) =>
            RunAsync(node, parse.GetValue(entityType), parse.GetValue(entityId), context.Console, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliNode node, string? entityType, string? entityId, CliConsole console, CancellationToken cancellationToken)
    {
        var result = await node.AskAsync((client, token) => client.ReplayDeadLettersAsync(entityType, entityId, token), CliNode.LongTimeout, cancellationToken);
        if (result.Entities.Count == 0)
        {
            console.Out.WriteLine(entityType is null ? "replay: nothing held" : $"replay: {entityType} {entityId} is not held");
            return ExitCodes.Ok;
        }

        var table = new CliTable("TYPE", "ID", "RESULT", "APPLIED", "ERROR").AlignRight(3);
        foreach (var e in result.Entities)
            table.Add(e.EntityType, e.EntityId, e.Released ? "released" : "still held", Count(e.EventsApplied), e.Error ?? "");
        table.WriteTo(console);
        console.Out.WriteLine($"replay: {Count(result.Released)} released, {Count(result.StillHeld)} still held");
        return result.StillHeld == 0 ? ExitCodes.Ok : ExitCodes.Differences;
    }
}
