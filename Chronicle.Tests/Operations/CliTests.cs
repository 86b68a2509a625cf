using System.Net;
using Chronicle.Cli;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>Chronicle.Cli run in-process (its whole entry point, with its output captured) against a real node.</summary>
[Collection(LedgerCollection.Name)]
public sealed class CliTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Verify_exits_0_on_a_clean_read_model_and_1_printing_the_difference_on_a_tampered_one()
    {
        await using var stack = await fixture.StartReadSideAsync("cli_verify");
        var url = stack.Node.Url.ToString();
        var key = stack.Node.Keys.Operator;
        await stack.Node.CreateAccountAsync("c-1", "10");
        await stack.Node.CreateAccountAsync("c-2", "20");
        Assert.Equal(HttpStatusCode.Created, (await stack.Node.PostAsync("/commands/deposit", new { account_id = "c-1", amount = "2.50" })).StatusCode);

        var clean = await CliRun.RunAsync(key, "verify", "--settle", "60", "--url", url);
        Assert.True(clean.Exit == ExitCodes.Ok, clean.ToString());
        Assert.Equal("verify: 2 accounts/transfers, 3 events, no differences", clean.Out.Trim());

        // Partitions whose share of the feed was still empty may be in a restart backoff (the stream did
        // not exist when they first started): every one runs within a backoff or two.
        var status = await Eventually.Until(() => CliRun.RunAsync(key, "projector", "status", "--url", url),
            s => s.Out.Split('\n').Count(line => line.Contains(" yes ")) == 8, TimeSpan.FromSeconds(60), "all 8 partitions running");
        Assert.True(status.Exit == ExitCodes.Ok, status.ToString());
        Assert.Contains("rebuild: none in progress", status.Out);

        await JournalSql.ExecuteAsync(stack.ReadModel, "UPDATE account_balance SET balance_minor_units = 999 WHERE account_id = 'c-1'");
        var tampered = await CliRun.RunAsync(key, "verify", "--settle", "1", "--url", url);
        Assert.True(tampered.Exit == ExitCodes.Differences, tampered.ToString());
        Assert.StartsWith("verify: 2 accounts/transfers, 3 events, 1 difference", tampered.Out);
        Assert.Contains(tampered.Out.Split('\n'), line => line.Contains("c-1") && line.Contains("balance_minor_units at version 2")
                                                           && line.Contains("999") && line.Contains("1250"));
    }

    [Fact]
    public async Task Rebuild_follows_the_progress_until_caught_up_then_verifies()
    {
        await using var stack = await fixture.StartReadSideAsync("cli_rebuild");
        var url = stack.Node.Url.ToString();
        var key = stack.Node.Keys.Operator;
        await stack.Node.CreateAccountAsync("r-1", "10");
        await ReadModelSql.InsertAccountNoEventMadeAsync(stack.ReadModel, "ghost");

        var rebuild = await CliRun.RunAsync(key, "rebuild", "--settle", "60", "--url", url);
        Assert.True(rebuild.Exit == ExitCodes.Ok, rebuild.ToString());
        Assert.Contains("rebuild: caught up after", rebuild.Out);
        Assert.EndsWith("verify: 1 accounts/transfers, 1 events, no differences", rebuild.Out.Trim());
        // Not a terminal: plain lines, never a bar redrawn with carriage returns.
        Assert.DoesNotContain('\r', rebuild.Out);
    }

    [Fact]
    public async Task Exits_2_when_the_node_cannot_be_reached_and_64_on_a_bad_command_line()
    {
        var unreachable = await CliRun.RunAsync(TestApiKeys.NewKey(), "verify", "--url", $"http://127.0.0.1:{FreePort.Next()}");
        Assert.Equal(ExitCodes.Unreachable, unreachable.Exit);
        Assert.Contains("cannot reach the node", unreachable.Error);

        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync(TestApiKeys.NewKey(), "verify", "--settle", "soon")).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync(TestApiKeys.NewKey(), "projector", "stats")).Exit);
        Assert.Equal(ExitCodes.Usage, (await CliRun.RunAsync(TestApiKeys.NewKey(), "verify", "--url", "ftp://x")).Exit);
    }

    [Fact]
    public async Task Needs_an_operator_key_exits_64_without_one_and_3_when_the_node_refuses_it()
    {
        var node = await fixture.SharedNodeAsync();
        var url = node.Url.ToString();

        var none = await CliRun.RunAsync(null, "projector", "status", "--url", url);
        Assert.Equal(ExitCodes.Usage, none.Exit);
        Assert.Contains(CliEnvironment.OperatorKeyVariable, none.Error);

        var client = await CliRun.RunAsync(node.Keys.Client, "projector", "status", "--url", url);
        Assert.Equal(ExitCodes.Failed, client.Exit);
        Assert.Contains("403 Forbidden", client.Error);
        Assert.DoesNotContain(node.Keys.Client, client.Error + client.Out);

        var unknown = TestApiKeys.NewKey();
        var refused = await CliRun.RunAsync(unknown, "projector", "status", "--url", url);
        Assert.Equal(ExitCodes.Failed, refused.Exit);
        Assert.Contains("401 Unauthorized", refused.Error);
        Assert.DoesNotContain(unknown, refused.Error + refused.Out);
    }
}
