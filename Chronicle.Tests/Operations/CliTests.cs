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
        Assert.Contains(CliArguments.OperatorKeyVariable, none.Error);

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

    [Fact]
    public void The_url_comes_from_the_option_then_the_environment_then_the_default()
    {
        Assert.Equal(new Uri("http://a:1/"), CliArguments.Parse(["verify", "--url", "http://a:1"], "http://b:2").Url);
        Assert.Equal(new Uri("http://a:1/"), CliArguments.Parse(["--url=http://a:1", "verify"], null).Url);
        Assert.Equal(new Uri("http://b:2/"), CliArguments.Parse(["verify"], "http://b:2").Url);
        Assert.Equal(new Uri(CliArguments.DefaultUrl), CliArguments.Parse(["projector", "status"], null).Url);
        Assert.Equal(CliCommand.ProjectorStatus, CliArguments.Parse(["projector", "status"], null).Command);
    }

    [Fact]
    public void Cluster_and_sharding_verbs_take_their_target_as_a_word_and_refuse_without_it()
    {
        var leave = CliArguments.Parse(["cluster", "leave", "akka.tcp://chronicle@127.0.0.1:4052", "--timeout", "30"], null);
        Assert.Equal((CliCommand.ClusterLeave, "akka.tcp://chronicle@127.0.0.1:4052", TimeSpan.FromSeconds(30)), (leave.Command, leave.Target, leave.Timeout));
        Assert.Equal((CliCommand.ShardingStats, "account"), (CliArguments.Parse(["sharding", "stats", "account"], null) is var s ? (s.Command, s.Target) : default));
        Assert.Equal(CliCommand.ClusterShow, CliArguments.Parse(["cluster", "show"], null).Command);
        Assert.Null(CliArguments.Parse(["rebuild"], null).Timeout);
        Assert.Contains("needs the member's address", Assert.Throws<ArgumentException>(() => CliArguments.Parse(["cluster", "down"], null)).Message);
        Assert.Contains("needs an entity type", Assert.Throws<ArgumentException>(() => CliArguments.Parse(["sharding", "stats"], null)).Message);
        Assert.Throws<ArgumentException>(() => CliArguments.Parse(["cluster", "leave", "a", "b"], null));
    }
}
