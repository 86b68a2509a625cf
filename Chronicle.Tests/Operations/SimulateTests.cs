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
        var output = new StringWriter();

        var exit = await SimulateCommand.RunAsync(stack.Node.Url, rate: 40, TimeSpan.FromSeconds(4), stack.Node.Keys.Client,
            new CliConsole(output, new StringWriter(), IsTerminal: false), CancellationToken.None);

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
        var given = CliRun.Parse(null, "simulate", "--rate", "250", "--duration=30");
        Assert.Equal(("simulate", 250, (int?)30), (given.CommandResult.Command.Name, given.GetValue<int>("--rate"), given.GetValue<int?>("--duration")));
        var defaults = CliRun.Parse(null, "simulate");
        Assert.Equal((20, (int?)null), (defaults.GetValue<int>("--rate"), defaults.GetValue<int?>("--duration")));
        Assert.Equal($"--rate takes requests a second from 1 to {SimulateCommand.MaxRate}, not '0'",
            Assert.Single(CliRun.Parse(null, "simulate", "--rate", "0").Errors).Message);
        Assert.NotEmpty(CliRun.Parse(null, "simulate", "--rate", $"{SimulateCommand.MaxRate + 1}").Errors);
        Assert.Equal("--duration takes a whole number of seconds, not 'soon'", Assert.Single(CliRun.Parse(null, "simulate", "--duration", "soon").Errors).Message);
    }

    [Fact]
    public async Task An_unreachable_node_exits_2()
    {
        var failure = await Assert.ThrowsAsync<CliFailure>(() => SimulateCommand.RunAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}"), rate: 20,
            duration: null, apiKey: null, new CliConsole(new StringWriter(), new StringWriter(), false), CancellationToken.None));
        Assert.Equal(ExitCodes.Unreachable, failure.ExitCode);
    }
}
