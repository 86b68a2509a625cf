using System.CommandLine;
using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// An endpoint's delivery log: <c>webhooks deliveries ID</c> (its latest attempts), <c>webhooks dead-letters ID</c> (the
/// events it never took), <c>webhooks replay ID</c> (those sent again; exit 1 while some remain).
/// </summary>
internal static class WebhookDeliveriesCommand
{
    /// <summary>The node keeps this many attempts per endpoint, and lists at most as many.</summary>
    private const int AttemptsKept = 1_000;

    private const string DeadLettered = "dead_lettered";

    public static Command Deliveries(CliContext context)
    {
        var limit = Limit("attempts to show, newest first", 20, AttemptsKept);
        var command = new Command("deliveries", "an endpoint's latest delivery attempts, newest first: outcome, status, error") { limit };
        var id = WebhooksCommand.Id(command, "deliveries");
        context.SetOperatorAction(command, async (parse, node, cancellationToken) =>
        {
            var log = await node.AskAsync((client, token) => client.GetWebhookDeliveriesAsync(parse.GetValue(id)!, parse.GetValue(limit), token), cancellationToken);
            if (log.Deliveries.Count == 0) context.Console.Out.WriteLine($"webhooks deliveries: {log.Id} has none yet");
            else Write(log.Deliveries, context.Console);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The count is the node's; the rows are the dead-lettered attempts among the attempts it keeps.</summary>
    public static Command DeadLetters(CliContext context)
    {
        var command = new Command("dead-letters", "the events an endpoint never took (its last attempt failed), newest first");
        var id = WebhooksCommand.Id(command, "dead-letters");
        context.SetOperatorAction(command, async (parse, node, cancellationToken) =>
        {
            var endpoint = parse.GetValue(id)!;
            var log = await node.AskAsync((client, token) => client.GetWebhookDeliveriesAsync(endpoint, AttemptsKept, token), cancellationToken);
            var listed = await node.AskAsync((client, token) => client.ListWebhooksAsync(token), cancellationToken);
            var total = listed.Webhooks.FirstOrDefault(w => w.Id == log.Id)?.DeadLetters ?? 0;
            var dead = log.Deliveries.Where(d => d.Outcome == DeadLettered).ToList();
            context.Console.Out.WriteLine(total == 0
                ? $"webhooks dead-letters: {log.Id} has none"
                : $"webhooks dead-letters: {log.Id} has {Count(total)}; webhooks replay {log.Id} sends them again");
            if (dead.Count > 0) Write(dead, context.Console);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Replay(CliContext context)
    {
        var limit = Limit("dead letters to send, oldest first", 100, 1_000);
        var command = new Command("replay", "send an endpoint's dead letters again, once each; exits 1 when some remain") { limit };
        var id = WebhooksCommand.Id(command, "replay");
        context.SetOperatorAction(command, async (parse, node, cancellationToken) =>
        {
            var replayed = await node.AskAsync((client, token) => client.ReplayWebhookDeadLettersAsync(parse.GetValue(id)!, parse.GetValue(limit), token),
                CliNode.LongTimeout, cancellationToken);
            context.Console.Out.WriteLine($"webhooks replay: {replayed.Id}: {Count(replayed.Delivered)} delivered, {Count(replayed.Failed)} failed again, " +
                                          $"{Count(replayed.Remaining)} remaining");
            return replayed.Remaining == 0 ? ExitCodes.Ok : ExitCodes.Differences;
        });
        return command;
    }

    private static void Write(IEnumerable<WebhookDeliveryResponse> attempts, CliConsole console)
    {
        var table = new CliTable("WEBHOOK-ID", "EVENT", "ACCOUNT", "VERSION", "ATTEMPT", "OUTCOME", "STATUS", "MS", "ERROR", "AT").AlignRight(3, 4, 6, 7);
        foreach (var a in attempts)
            table.Add(a.WebhookId, a.EventType, a.AccountId, Count(a.Version), Count(a.Attempt), a.Outcome, a.StatusCode is { } status ? Count(status) : "-",
                Count(a.DurationMs), a.Error ?? "", Time(a.AttemptedAt));
        table.WriteTo(console);
    }

    private static Option<int> Limit(string description, int defaultValue, int max) => CliOptions.Count("--limit", description, defaultValue, max);
}
