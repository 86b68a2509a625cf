using System.Net;
using System.Text.RegularExpressions;
using Chronicle.Cli;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>
/// The CLI's webhook verbs (the operator's) and its account and transfer reads (the auditor's), in-process against a real
/// node with a real receiver on loopback: their tables, their exit codes, the node's words when it refuses.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class CliWebhookAndReadTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Webhooks_are_added_listed_paused_resumed_their_dead_letters_shown_and_replayed_and_deleted()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Unavailable);
        await using var stack = await fixture.StartReadSideAsync("cli_webhooks", webhooks: TestNode.LoopbackWebhooks with
        {
            MaxAttempts = 2, FirstRetryDelayMilliseconds = 50, MaxRetryDelayMilliseconds = 100,
        });
        var node = stack.Node;
        var url = node.Url.ToString();
        var key = node.Keys.Operator;

        var none = await CliRun.RunAsync(key, "webhooks", "list", "--url", url);
        Assert.True(none.Exit == ExitCodes.Ok, none.ToString());
        Assert.StartsWith("webhooks: none registered", none.Out);

        var added = await CliRun.RunAsync(key, "webhooks", "add", receiver.Url.ToString(), "--events", "MoneyDeposited", "--url", url);
        Assert.True(added.Exit == ExitCodes.Ok, added.ToString());
        var row = Cells(added.Out.Split('\n')[1]);
        var id = row[0];
        Assert.Equal((receiver.Url.ToString(), "MoneyDeposited"), (row[1], row[2]));
        Assert.Matches("^secret: whsec_", added.Out.Split('\n')[2]);

        await node.CreateAccountAsync("cw-1");
        Assert.Equal(HttpStatusCode.Created, (await node.PostAsync("/commands/deposit", new { account_id = "cw-1", amount = "1.00" })).StatusCode);
        var dead = await Eventually.Until(() => CliRun.RunAsync(key, "webhooks", "dead-letters", id, "--url", url),
            run => run.Out.Contains("has 1;") && run.Out.Contains("dead_lettered"), Deadline, "the deposit dead-lettered, in the count and the log");
        Assert.Contains(dead.Out.Split('\n'), line => line.Contains("MoneyDeposited") && line.Contains("cw-1") && line.Contains("dead_lettered") && line.Contains("503"));
        var deliveries = await CliRun.RunAsync(key, "webhooks", "deliveries", id, "--url", url);
        Assert.Equal(2, deliveries.Out.Split('\n').Count(line => line.Contains("cw-1")));

        var listed = await CliRun.RunAsync(key, "webhooks", "list", "--url", url);
        Assert.Contains(listed.Out.Split('\n'), line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains(" no ") && line.Contains("whsec_"));
        Assert.Equal((ExitCodes.Ok, $"webhooks pause: {id} paused"), await RunAsync(key, url, "webhooks", "pause", id));
        Assert.Contains((await CliRun.RunAsync(key, "webhooks", "list", "--url", url)).Out.Split('\n'),
            line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains(" yes "));
        Assert.Equal((ExitCodes.Ok, $"webhooks resume: {id} resumed"), await RunAsync(key, url, "webhooks", "resume", id));

        // Still down: the letter fails again and stays (exit 1); then taken.
        Assert.Equal((ExitCodes.Differences, $"webhooks replay: {id}: 0 delivered, 1 failed again, 1 remaining"), await RunAsync(key, url, "webhooks", "replay", id));
        receiver.AnswerWith(WebhookReceiver.Answer.Ok);
        Assert.Equal((ExitCodes.Ok, $"webhooks replay: {id}: 1 delivered, 0 failed again, 0 remaining"), await RunAsync(key, url, "webhooks", "replay", id));
        Assert.Single(receiver.Accepted);

        Assert.Equal((ExitCodes.Ok, $"webhooks delete: {id} removed"), await RunAsync(key, url, "webhooks", "delete", id));
        var again = await CliRun.RunAsync(key, "webhooks", "delete", id, "--url", url);
        Assert.Equal(ExitCodes.Failed, again.Exit);
        Assert.Contains($"DELETE /admin/webhooks/{id}: 404 Webhook not found: no webhook endpoint '{id}'", again.Error);
        var refused = await CliRun.RunAsync(key, "webhooks", "add", "http://127.0.0.1:9/x", "--events", "NoSuchEvent", "--url", url);
        Assert.Equal(ExitCodes.Failed, refused.Exit);
        Assert.Contains("400 Validation failed", refused.Error);
    }

    [Fact]
    public async Task Accounts_and_transfers_are_read_with_the_auditor_key_as_tables_and_a_missing_one_is_the_nodes_404()
    {
        await using var stack = await fixture.StartReadSideAsync("cli_reads");
        var node = stack.Node;
        var url = node.Url.ToString();
        var client = node.ClientFor(node.Keys.Client);
        await client.CreateAccountAsync(new Chronicle.Client.CreateAccountRequest("cr-a", "Ada Lovelace")
        {
            InitialBalance = 12.50m, OverdraftLimit = 5m, Metadata = new Dictionary<string, string> { ["cli-tier"] = "gold" },
        });
        await client.CreateAccountAsync(new Chronicle.Client.CreateAccountRequest("cr-b", "Bob"));
        await client.TransferAsync(new Chronicle.Client.TransferRequest("cr-a", "cr-b", 2.25m) { TransferId = "cr-t1" });

        // The read model's answer, once it has the transfer.
        var shown = await Eventually.Until(() => CliRun.RunAsAuditorAsync(node.Keys.Auditor, "accounts", "show", "cr-a", "--url", url),
            run => run.Out.Contains("10.25"), TimeSpan.FromSeconds(30), "cr-a's transfer projected");
        Assert.True(shown.Exit == ExitCodes.Ok, shown.ToString());
        var lines = shown.Out.Split('\n');
        Assert.Equal(["ACCOUNT", "OWNER", "STATUS", "BALANCE", "AVAILABLE", "LIMIT", "CURRENCY", "VERSION"], Cells(lines[0]));
        var cells = Cells(lines[1]);
        Assert.Equal(["cr-a", "Ada Lovelace", "active", "10.25", "15.25", "5.00", "USD"], cells[..^1]);
        // The transfer's settlement may or may not be another event of cr-a's by now.
        Assert.Contains(cells[^1], new[] { "2", "3" });
        Assert.Equal("metadata: cli-tier=gold", lines[2]);

        var listed = await Eventually.Until(() => CliRun.RunAsAuditorAsync(node.Keys.Auditor, "accounts", "list", "--metadata", "cli-tier=gold", "--url", url),
            run => run.Out.Contains("cr-a"), TimeSpan.FromSeconds(30), "cr-a found by its label");
        Assert.Equal(2, listed.Out.Trim().Split('\n').Length);
        var none = await CliRun.RunAsAuditorAsync(node.Keys.Auditor, "accounts", "list", "--metadata", "cli-tier=none", "--url", url);
        Assert.Equal((ExitCodes.Ok, "accounts: none match"), (none.Exit, none.Out.Trim()));

        // Answered completed, the transfer's row says so once its settlement is written (within the settlement delay).
        var transfer = await Eventually.Until(() => CliRun.RunAsAuditorAsync(node.Keys.Auditor, "transfers", "show", "cr-t1", "--url", url),
            run => run.Exit == ExitCodes.Ok && run.Out.Contains("completed"), TimeSpan.FromSeconds(30), "cr-t1 readable as completed");
        Assert.Equal(["cr-t1", "cr-a", "cr-b", "2.25", "-", "USD", "completed"],
            Cells(transfer.Out.Split('\n')[1]));

        var missing = await CliRun.RunAsAuditorAsync(node.Keys.Auditor, "accounts", "show", "cr-nobody", "--url", url);
        Assert.Equal(ExitCodes.Failed, missing.Exit);
        Assert.Contains("GET /accounts/cr-nobody: 404 Account not found", missing.Error);

        var noKey = await CliRun.RunAsync(node.Keys.Operator, "accounts", "show", "cr-a", "--url", url);
        Assert.Equal(ExitCodes.Usage, noKey.Exit);
        Assert.Contains(CliEnvironment.AuditorKeyVariable, noKey.Error);
        var operatorKey = await CliRun.RunAsAuditorAsync(node.Keys.Operator, "transfers", "show", "cr-t1", "--url", url);
        Assert.Equal(ExitCodes.Failed, operatorKey.Exit);
        Assert.Contains($"403 Forbidden", operatorKey.Error);
        Assert.Contains($"(is {CliEnvironment.AuditorKeyVariable} an auditor key this node knows?)", operatorKey.Error);
        var unreachable = await CliRun.RunAsAuditorAsync(node.Keys.Auditor, "accounts", "show", "cr-a", "--url", $"http://127.0.0.1:{FreePort.Next()}");
        Assert.Equal(ExitCodes.Unreachable, unreachable.Exit);
        Assert.Contains("cannot reach the node", unreachable.Error);
    }

    /// <summary>A table row's cells: the columns are two spaces apart or more, a cell's words one.</summary>
    private static string[] Cells(string line) => Regex.Split(line.Trim(), @"\s{2,}");

    /// <summary>A verb's exit status and its output's one line.</summary>
    private static async Task<(int Exit, string Line)> RunAsync(string key, string url, params string[] args)
    {
        var run = await CliRun.RunAsync(key, [.. args, "--url", url]);
        return (run.Exit, run.Out.Trim());
    }
}
