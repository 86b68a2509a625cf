using System.CommandLine;
using Chronicle.Client;
using Chronicle.Contracts.Admin;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>webhooks list | add URL --events T... | delete ID | pause ID | resume ID</c>: the operator's webhook endpoints
/// (docs/WEBHOOKS.md); their dead letters and delivery log are <see cref="WebhookDeliveriesCommand"/>'s.
/// </summary>
internal static class WebhooksCommand
{
    public static Command Create(CliContext context) => new("webhooks", "the webhook endpoints: registered, removed, paused; their dead letters and deliveries")
    {
        List(context),
        Add(context),
        Change(context, "delete", "remove an endpoint with its delivery log", "removed", (client, id, token) => client.DeleteWebhookAsync(id, token)),
        Change(context, "pause", "stop an endpoint's deliveries; its events wait on the stream", "paused", (client, id, token) => client.PauseWebhookAsync(id, token)),
        Change(context, "resume", "resume a paused endpoint's deliveries from where they stopped", "resumed",
            (client, id, token) => client.ResumeWebhookAsync(id, token)),
        WebhookDeliveriesCommand.DeadLetters(context),
        WebhookDeliveriesCommand.Replay(context),
        WebhookDeliveriesCommand.Deliveries(context),
    };

    /// <summary>The endpoint's id, the word the verbs on one endpoint take.</summary>
    public static Argument<string> Id(Command command, string verb)
    {
        var id = new Argument<string>("ID") { Description = "the endpoint's id (webhooks list shows them)" };
        command.Arguments.Add(id);
        CliWords.Require(command, id, $"webhooks {verb} needs an endpoint's id (webhooks list shows them)");
        return id;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "every endpoint, oldest first: its URL, event types, whether paused, its dead letters");
        context.SetOperatorAction(command, async (_, node, cancellationToken) =>
        {
            var webhooks = (await node.AskAsync((client, token) => client.ListWebhooksAsync(token), cancellationToken)).Webhooks;
            if (webhooks.Count == 0)
            {
                context.Console.Out.WriteLine("webhooks: none registered (webhooks add URL --events TYPE... registers one)");
                return ExitCodes.Ok;
            }
            var table = new CliTable("ID", "URL", "EVENTS", "PAUSED", "DEAD LETTERS", "SECRET", "CREATED").AlignRight(4);
            foreach (var w in webhooks)
                table.Add(w.Id, w.Url, string.Join(",", w.EventTypes), w.Paused ? "yes" : "no", Count(w.DeadLetters), w.SecretHint, Time(w.CreatedAt));
            table.WriteTo(context.Console);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The receiver's URL is a word, not <c>--url</c>: that option is the node's, on every verb, and ./chronicle gives it
    /// before the verb. No <c>--secret</c> either: a command line is visible to ps; the node makes the secret.
    /// </summary>
    private static Command Add(CliContext context)
    {
        var url = new Argument<string>("URL") { Description = "where the events are POSTed (a private or loopback address only where the node allows it)" };
        var events = new Option<string[]>("--events")
        {
            Description = "the account event types to send, e.g. MoneyDeposited MoneyWithdrawn",
            HelpName = "TYPE",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("add", "register an endpoint for chosen event types; prints its signing secret, this once") { url, events };
        CliWords.Require(command, url, "webhooks add needs the receiver's URL");
        context.SetOperatorAction(command, async (parse, node, cancellationToken) =>
        {
            var created = await node.AskAsync((client, token) =>
                client.RegisterWebhookAsync(new RegisterWebhookRequest(parse.GetValue(url)!, parse.GetValue(events)!), token), cancellationToken);
            Write(created, context.Console);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(WebhookCreatedResponse created, CliConsole console)
    {
        var table = new CliTable("ID", "URL", "EVENTS", "CREATED");
        table.Add(created.Id, created.Url, string.Join(",", created.EventTypes), Time(created.CreatedAt));
        table.WriteTo(console);
        console.Out.WriteLine($"secret: {created.Secret}");
        console.Out.WriteLine("(shown this once: the receiver checks each delivery's signature with it; webhooks list shows only its start)");
    }

    /// <param name="done">What became of the endpoint, as the output says it.</param>
    private static Command Change(CliContext context, string verb, string description, string done, Func<ChronicleClient, string, CancellationToken, Task> change)
    {
        var command = new Command(verb, description);
        var id = Id(command, verb);
        context.SetOperatorAction(command, async (parse, node, cancellationToken) =>
        {
            await node.AskAsync((client, token) => change(client, parse.GetValue(id)!, token), cancellationToken);
            context.Console.Out.WriteLine($"webhooks {verb}: {parse.GetValue(id)} {done}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
