using Chronicle.Bench;

namespace Chronicle.Tests.Operations;

/// <summary>Chronicle.Bench's command line (System.CommandLine): its options, their defaults, its help and what it refuses. Nothing is run.</summary>
public sealed class BenchCommandLineTests
{
    /// <summary>What ./chronicle bench passes before its caller's own arguments.</summary>
    private static readonly string[] FromTheShim =
    [
        "--url", "http://127.0.0.1:5080", "--pg-port", "15432", "--pg-socket-dir", "/s/pg", "--read-pg-port", "15433",
        "--read-pg-socket-dir", "", "--chronicle", "/w/chronicle", "--out", "docs/BENCHMARKS.md",
    ];

    [Fact]
    public async Task Help_lists_every_option_and_exits_0_without_running()
    {
        var run = await RunAsync("--help");

        Assert.True(run.Exit == 0, run.Error);
        Assert.Null(run.Options);
        foreach (var option in new[]
                 {
                     "--url", "--pg-port", "--pg-socket-dir", "--pg-bin", "--pg-clients", "--out", "--duration", "--warmup", "--connections", "--accounts",
                     "--repeat", "--scenario", "--events", "--timetravel-events", "--nats-monitor", "--read-pg-port", "--read-pg-socket-dir", "--lag-samples",
                     "--lag-writes-per-second", "--catchup-events", "--chronicle", "--failover-seconds", "--traced", "--no-read-model",
                 })
            Assert.Contains(option, run.Out);
        Assert.Contains("CHRONICLE_OPERATOR_KEY", run.Out);
    }

    [Fact]
    public async Task Without_options_a_run_gets_the_defaults()
    {
        var run = await RunAsync();

        var options = Assert.IsType<BenchOptions>(run.Options);
        Assert.Empty(options.RawArgs);
        // Compared with the record's own defaults, the raw arguments (a list, compared by reference) made the same.
        Assert.Equal(new BenchOptions { RawArgs = options.RawArgs }, options);
        Assert.Equal("dotnet run -c Release --project Chronicle.Bench --", options.CommandLine);
    }

    [Fact]
    public async Task The_callers_options_after_the_shims_win_and_the_report_quotes_the_whole_command_line()
    {
        var run = await RunAsync([.. FromTheShim, "--out", "/tmp/b.md", "--scenario=cluster", "--repeat", "3"]);

        var options = Assert.IsType<BenchOptions>(run.Options);
        Assert.Equal(("/tmp/b.md", "cluster", 3, "/s/pg", (string?)null), (options.Out, options.Scenario, options.Repeat, options.PgSocketDir, options.ReadPgSocketDir));
        Assert.True(options.RunCluster);
        Assert.EndsWith("--read-pg-socket-dir '' --chronicle /w/chronicle --out docs/BENCHMARKS.md --out /tmp/b.md --scenario=cluster --repeat 3",
            options.CommandLine);
    }

    [Theory]
    [InlineData("--repeat", "0", "--repeat must be an integer in 1..100, got '0'")]
    [InlineData("--batch-size", "1001", "--batch-size must be an integer in 1..1000, got '1001'")]
    [InlineData("--pg-port", "x", "--pg-port must be an integer in 1..65535, got 'x'")]
    [InlineData("--url", "ftp://x", "--url must be an absolute http(s) URL, got 'ftp://x'")]
    [InlineData("--nats-monitor", "https://x", "--nats-monitor must be an absolute http:// URL, got 'https://x'")]
    [InlineData("--scenario", "everything",
        "--scenario must be all, deposits, batch, hot, transfers, timetravel, pgbench, write-side, reads, lag, catchup, read-side, feed, cluster or chain, got 'everything'")]
    public async Task A_bad_value_exits_2_with_its_message_and_the_usage_on_stderr(string option, string value, string message)
    {
        var run = await RunAsync(option, value);

        Assert.Equal((BenchCommandLine.UsageExitCode, (BenchOptions?)null), (run.Exit, run.Options));
        Assert.StartsWith(message + "\n", run.Error);
        Assert.Contains("Usage:", run.Error);
    }

    [Fact]
    public async Task An_unknown_option_or_a_stray_word_exits_2()
    {
        Assert.Equal(BenchCommandLine.UsageExitCode, (await RunAsync("--no-such-option", "1")).Exit);
        Assert.Equal(BenchCommandLine.UsageExitCode, (await RunAsync("deposits")).Exit);
    }

    private static async Task<(int Exit, BenchOptions? Options, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        BenchOptions? given = null;
        var exit = await BenchCommandLine.RunAsync(args, output, error, options =>
        {
            given = options;
            return Task.FromResult(0);
        });
        return (exit, given, output.ToString(), error.ToString());
    }
}
