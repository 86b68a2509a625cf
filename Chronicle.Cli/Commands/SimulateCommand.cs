using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Chronicle.Cli.Simulation;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>simulate [--rate N] [--duration S]</c>: realistic traffic against the node (accounts opened, deposits,
/// withdrawals, transfers, the odd refusal) at N requests a second until stopped (Ctrl+C) or for S
/// seconds, with a running summary. Something for the dashboard to show.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The client API key, sent as <c>Authorization: Bearer</c> when set.</summary>
    public const string ApiKeyVariable = "CHRONICLE_API_KEY";

    private const int DefaultRate = 20;
    public const int MaxRate = 5000;

    /// <summary>Requests under way at once at most: a slow node slows the traffic instead of piling requests up.</summary>
    private const int MaxInFlight = 64;

    /// <summary>How often requests are started: the rate is kept over each tick, not request by request.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    public static Command Create(CliContext context)
    {
        var rate = new Option<int>("--rate")
        {
            Description = $"requests a second, at most {MaxRate:N0}",
            HelpName = "N",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = Rate,
            DefaultValueFactory = _ => DefaultRate,
        };
        var duration = new Option<int?>("--duration")
        {
            Description = "stop after S seconds instead of at Ctrl+C",
            HelpName = "S",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => CliOptions.WholeSeconds(result),
        };
        var command = new Command("simulate", "realistic traffic (accounts opened, deposits, withdrawals, transfers, the odd refusal) until Ctrl+C, " +
                                              $"with a running summary; sends ${ApiKeyVariable} (a client key) as the bearer token when set") { rate, duration };
        context.SetAction(command, (parse, cancellationToken) => RunAsync(parse.GetValue(context.Url)!, parse.GetValue(rate),
            parse.GetValue(duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null, context.ClientKey, context.Console, cancellationToken));
        return command;
    }

    /// <param name="duration">How long; until stopped (Ctrl+C) when null.</param>
    public static async Task<int> RunAsync(Uri url, int rate, TimeSpan? duration, string? apiKey, CliConsole console, CancellationToken cancellationToken)
    {
        using var writer = new LedgerWriter(url, apiKey, MaxInFlight);
        await writer.EnsureReachableAsync(cancellationToken);

        var runId = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var model = new TrafficModel(new Random(), runId);
        var tally = new SimulationTally();
        var reportEvery = console.IsTerminal ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);
        await console.Out.WriteLineAsync($"simulate: {rate} requests/s against {url} (accounts sim-{runId}-*); " +
                                         (duration is { } d ? $"for {d.TotalSeconds:0} s" : "Ctrl+C to stop"));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } limit) stop.CancelAfter(limit);
        var inFlight = new HashSet<Task>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var started = 0L;
        var reported = TimeSpan.Zero;
        CliFailure? failure = null;

        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                inFlight.RemoveWhere(task => task.IsCompleted);
                // Catch up to the rate over the time run so far, as far as the in-flight limit lets.
                var due = (long)(clock.Elapsed.TotalSeconds * rate) - started;
                for (; due > 0 && inFlight.Count < MaxInFlight; due--, started++)
                    inFlight.Add(SendAsync(model.Next()));
                if (clock.Elapsed - reported >= reportEvery)
                {
                    reported = clock.Elapsed;
                    await console.Out.WriteLineAsync($"{clock.Elapsed.TotalSeconds,5:0}s  {tally.Describe(clock.Elapsed)}");
                }
                if (failure is not null) break;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or the duration is up: the normal end.
        }

        await Task.WhenAll(inFlight);
        if (failure is not null) throw failure;
        await console.Out.WriteLineAsync($"simulate: stopped after {clock.Elapsed.TotalSeconds:0} s: {tally.Describe(clock.Elapsed)}");
        if (tally.Unexpected > 0)
            await console.Out.WriteLineAsync($"simulate: {tally.Unexpected} requests meant to go through were refused (balances guessed from earlier answers, raced by concurrent ones)");
        return tally.Errors == 0 ? ExitCodes.Ok : ExitCodes.Failed;

        async Task SendAsync(Operation operation)
        {
            try
            {
                // Not cancelled by the stop: a request sent is answered and counted.
                var (outcome, result) = await writer.SendAsync(operation.Command, CancellationToken.None);
                tally.Count(operation, outcome);
                model.Record(operation, result);
            }
            catch (CliFailure refused)
            {
                failure ??= refused;
                await stop.CancelAsync();
            }
        }
    }

    private static int Rate(ArgumentResult result) =>
        int.TryParse(CliOptions.Last(result), NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate is >= 1 and <= MaxRate
            ? rate
            : CliOptions.Refuse<int>(result, $"--rate takes requests a second from 1 to {MaxRate}, not '{CliOptions.Last(result)}'");
}
