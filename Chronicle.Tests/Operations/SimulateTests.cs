using Chronicle.Cli;
using Chronicle.Cli.Commands;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary><c>chronicle simulate</c> against a real node with the read side: traffic the ledger takes, and a read model that still verifies.</summary>
[Collection(LedgerCollection.Name)]
public sealed class SimulateTests(LedgerFixture fixture)
{
    [Fact]
    public async Task Simulate_opens_accounts_moves_money_and_stops_with_a_summary_leaving_a_ledger_that_verifies()
    {
        await using var stack = await fixture.StartReadSideAsync("cli_simulate");
        var url = stack.Node.Url.ToString();
        var output = new StringWriter();
        var arguments = CliArguments.Parse(["simulate", "--rate", "40", "--duration", "4", "--url", url], null);

        var exit = await SimulateCommand.RunAsync(arguments, stack.Node.Keys.Client, new CliConsole(output, new StringWriter(), IsTerminal: false),
            CancellationToken.None);

        var text = output.ToString();
        Assert.True(exit == ExitCodes.Ok, text);
        var summary = text.Split('\n').Single(line => line.StartsWith("simulate: stopped after", StringComparison.Ordinal));
        Assert.Contains("errors 0", summary);
        // The first requests open accounts (nobody to pay otherwise): at least ten, all in the read model once projected.
        var opened = await Eventually.Until(async () => await (await stack.Node.Auditor.GetAsync("/accounts?prefix=sim-&limit=100")).BodyAsync(),
            body => body.Items("accounts").Length >= 10, TimeSpan.FromSeconds(30), "the simulated accounts projected");
        Assert.All(opened.Items("accounts"), account => Assert.Contains(account.Str("currency"), new[] { "USD", "EUR", "JPY" }));
        var journalRows = await stack.Node.JournalRowsAsync();
        Assert.True(journalRows > 10, $"{journalRows} journal rows after 4 s of traffic");
        await stack.AssertVerifiedAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Rate_and_duration_are_parsed_and_bounded()
    {
        var arguments = CliArguments.Parse(["simulate", "--rate", "250", "--duration=30"], null);
        Assert.Equal((CliCommand.Simulate, 250, TimeSpan.FromSeconds(30)), (arguments.Command, arguments.Rate, arguments.Duration));
        Assert.Equal((SimulateCommand.DefaultRate, (TimeSpan?)null), (CliArguments.Parse(["simulate"], null).Rate, CliArguments.Parse(["simulate"], null).Duration));
        Assert.Throws<ArgumentException>(() => CliArguments.Parse(["simulate", "--rate", "0"], null));
        Assert.Throws<ArgumentException>(() => CliArguments.Parse(["simulate", "--rate", $"{SimulateCommand.MaxRate + 1}"], null));
        Assert.Throws<ArgumentException>(() => CliArguments.Parse(["simulate", "--duration", "soon"], null));
    }

    [Fact]
    public async Task An_unreachable_node_exits_2()
    {
        var arguments = CliArguments.Parse(["simulate", "--url", $"http://127.0.0.1:{FreePort.Next()}"], null);
        var failure = await Assert.ThrowsAsync<CliFailure>(() =>
            SimulateCommand.RunAsync(arguments, null, new CliConsole(new StringWriter(), new StringWriter(), false), CancellationToken.None));
        Assert.Equal(ExitCodes.Unreachable, failure.ExitCode);
    }
}
