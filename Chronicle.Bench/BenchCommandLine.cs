using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Chronicle.Bench;

/// <summary>
/// The bench's command line (System.CommandLine): typed options with their descriptions and defaults (<c>--help</c>),
/// each given as <c>--name value</c> or <c>--name=value</c>. When one is given twice the last counts: ./chronicle bench
/// passes the stack's addresses and <c>--out</c> first, and what its caller adds after them wins.
/// </summary>
internal sealed class BenchCommandLine
{
    /// <summary>The exit status of a bad command line, as the bench has always had it.</summary>
    public const int UsageExitCode = 2;

    private const string Description = """
        Load from outside, as a client would: HTTP against a running Chronicle node, the pgbench yardstick,
        the read side, the feed and the cluster; writes the Markdown report.
        API keys from the environment: CHRONICLE_API_KEY (client), CHRONICLE_AUDITOR_KEY (timetravel),
        CHRONICLE_OPERATOR_KEY (catchup); ./chronicle bench sets them from .chronicle/env.
        """;

    private static readonly string[] Scenarios =
        ["all", "deposits", "batch", "hot", "transfers", "timetravel", "pgbench", "write-side", "reads", "lag", "catchup", "read-side", "feed", "cluster", "chain"];

    private static readonly BenchOptions Defaults = new();

    private readonly Option<Uri> _url = Url("--url", "Chronicle node to load", Defaults.Url, httpsToo: true);
    private readonly Option<int> _pgPort = Int("--pg-port", "PostgreSQL port for the pgbench yardstick", 1, 65535, Defaults.PgPort);
    private readonly Option<string?> _pgSocketDir = Directory("--pg-socket-dir", "PostgreSQL unix socket directory (default: connect over 127.0.0.1)");
    private readonly Option<string> _pgBin = Text("--pg-bin", "DIR", "where pgbench and psql live", Defaults.PgBinDir);
    private readonly Option<int> _pgClients = Int("--pg-clients", "pgbench clients", 1, 1000, Defaults.PgClients);
    private readonly Option<string> _out = Text("--out", "FILE", "Markdown report to write", Defaults.Out);
    private readonly Option<int> _duration = Seconds("--duration", "measured seconds per scenario", 1, 3600, Defaults.DurationSeconds);
    private readonly Option<int> _warmup = Seconds("--warmup", "warm-up seconds before each measurement (lets tiered JIT settle)", 0, 3600, Defaults.WarmupSeconds);
    private readonly Option<int> _connections = Int("--connections", "concurrent HTTP connections / workers", 1, 4096, Defaults.Connections);
    private readonly Option<int> _accounts = Int("--accounts", "accounts for the deposits and transfers scenarios", 1, 1_000_000, Defaults.Accounts);
    private readonly Option<int> _repeat = Int("--repeat", "run deposits/batch/hot/transfers/timetravel N times and quote the median", 1, 100, Defaults.Repeat);
    private readonly Option<int> _batchSize = Int("--batch-size", "batch: deposits per POST /commands/batch", 1, 1000, Defaults.BatchSize);
    private readonly Option<string> _scenario = Scenario();
    private readonly Option<int> _events = Int("--events", "feed: deposits to write; chain: events hashed per measurement", 0, 100_000_000, Defaults.Events);
    private readonly Option<int> _timeTravelEvents = Int("--timetravel-events", "timetravel: events on its one account (its creation, then deposits)", 2, 100_000_000,
        Defaults.TimeTravelEvents);
    private readonly Option<Uri> _natsMonitor = Url("--nats-monitor", "feed: NATS's monitoring endpoint", Defaults.NatsMonitorUrl, httpsToo: false);
    private readonly Option<int> _readPgPort = Int("--read-pg-port", "the read model's PostgreSQL port", 1, 65535, Defaults.ReadPgPort);
    private readonly Option<string?> _readPgSocketDir = Directory("--read-pg-socket-dir", "its unix socket directory (default: connect over 127.0.0.1)");
    private readonly Option<int> _lagSamples = Int("--lag-samples", "lag: probes per measurement", 10, 100_000, Defaults.LagSamples);
    private readonly Option<int?> _lagWritesPerSecond = OptionalInt("--lag-writes-per-second",
        "lag: background write rate under load (default: half the deposits throughput of this run, 3000 when deposits did not run)", 1, 1_000_000);
    private readonly Option<int> _catchUpEvents = Int("--catchup-events",
        "catchup: ledger events the rebuild drains; written first when the journal holds fewer", 1, 100_000_000, (int)Defaults.CatchUpEvents);
    private readonly Option<string> _chronicle = Text("--chronicle", "PATH",
        "cluster: the ./chronicle script that switches the stack between 'up --nodes 1' and 'up --nodes 3'", Defaults.Chronicle);
    private readonly Option<int> _failoverSeconds = Seconds("--failover-seconds", "cluster: how long deposits go on after a ledger node is killed", 10, 3600,
        Defaults.FailoverSeconds);

    private readonly Option<bool> _traced = new("--traced")
    {
        Description = "send no traceparent, so the node samples and traces every request as in the dev stack (default: each request " +
                      "says it is not sampled, as the requests a production node's sampler leaves out)",
    };

    private readonly Option<bool> _noReadModel = new("--no-read-model")
    {
        Description = "the node runs no projector: the write and time-travel runs start without waiting for the read model to hold " +
                      "every event (the read-side scenarios need one)",
    };

    /// <summary>Runs <paramref name="bench"/> with the options <paramref name="args"/> give; <c>--help</c> prints them (0); a bad command line exits 2.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<BenchOptions, Task<int>> bench) =>
        new BenchCommandLine().InvokeAsync(args, output, error, bench);

    private async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, Func<BenchOptions, Task<int>> bench)
    {
        var root = new RootCommand(Description)
        {
            _url, _pgPort, _pgSocketDir, _pgBin, _pgClients, _out, _duration, _warmup, _connections, _accounts, _repeat, _batchSize, _scenario, _events, _timeTravelEvents,
            _natsMonitor, _readPgPort, _readPgSocketDir, _lagSamples, _lagWritesPerSecond, _catchUpEvents, _chronicle, _failoverSeconds, _traced,
            _noReadModel,
        };
        root.HelpName = "dotnet run -c Release --project Chronicle.Bench --";
        root.SetAction(parse => bench(Options(parse, args)));

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var refusal in parse.Errors) await error.WriteLineAsync(refusal.Message);
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = error });
            return UsageExitCode;
        }
        // No exception handler and no Ctrl+C handler of System.CommandLine's: a run fails and stops as it always did.
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
        });
    }

    private BenchOptions Options(ParseResult parse, string[] args) => new()
    {
        Url = parse.GetValue(_url)!,
        PgPort = parse.GetValue(_pgPort),
        PgSocketDir = Present(parse.GetValue(_pgSocketDir)),
        PgBinDir = parse.GetValue(_pgBin)!,
        PgClients = parse.GetValue(_pgClients),
        Out = parse.GetValue(_out)!,
        DurationSeconds = parse.GetValue(_duration),
        WarmupSeconds = parse.GetValue(_warmup),
        Connections = parse.GetValue(_connections),
        Accounts = parse.GetValue(_accounts),
        Repeat = parse.GetValue(_repeat),
        BatchSize = parse.GetValue(_batchSize),
        Scenario = parse.GetValue(_scenario)!,
        Events = parse.GetValue(_events),
        TimeTravelEvents = parse.GetValue(_timeTravelEvents),
        NatsMonitorUrl = parse.GetValue(_natsMonitor)!,
        ReadPgPort = parse.GetValue(_readPgPort),
        ReadPgSocketDir = Present(parse.GetValue(_readPgSocketDir)),
        LagSamples = parse.GetValue(_lagSamples),
        LagWritesPerSecond = parse.GetValue(_lagWritesPerSecond),
        CatchUpEvents = parse.GetValue(_catchUpEvents),
        Chronicle = parse.GetValue(_chronicle)!,
        FailoverSeconds = parse.GetValue(_failoverSeconds),
        Traced = parse.GetValue(_traced),
        NoReadModel = parse.GetValue(_noReadModel),
        RawArgs = args,
    };

    private static Option<int> Int(string name, string description, int min, int max, int defaultValue) =>
        Last(name, "N", description, result => Bounded(result, min, max) ?? 0, defaultValue);

    private static Option<int> Seconds(string name, string description, int min, int max, int defaultValue) =>
        Last(name, "S", description, result => Bounded(result, min, max) ?? 0, defaultValue);

    private static Option<int?> OptionalInt(string name, string description, int min, int max) =>
        Last(name, "N", description, result => Bounded(result, min, max), null);

    private static Option<Uri> Url(string name, string description, Uri defaultValue, bool httpsToo) =>
        Last(name, "URL", description, result =>
            Uri.TryCreate(Value(result), UriKind.Absolute, out var uri) && (uri.Scheme == "http" || httpsToo && uri.Scheme == "https")
                ? uri
                : Refuse<Uri>(result, httpsToo ? "an absolute http(s) URL" : "an absolute http:// URL"), defaultValue);

    private static Option<string> Text(string name, string helpName, string description, string defaultValue) =>
        Last(name, helpName, description, Value, defaultValue);

    /// <summary>A directory that may be left out; given empty it is left out too (<see cref="Present"/>): ./chronicle passes what .chronicle/env holds.</summary>
    private static Option<string?> Directory(string name, string description) => Last<string?>(name, "DIR", description, Value, null);

    // Not in the option's parser: System.CommandLine takes a parser's null for no value, and then fails to convert the token itself.
    private static string? Present(string? directory) => string.IsNullOrEmpty(directory) ? null : directory;

    private static Option<string> Scenario() =>
        Last("--scenario", "S", "all | deposits | batch | hot | transfers | timetravel | pgbench | write-side | reads | lag | catchup | read-side | feed | " +
                                "cluster | chain (write-side = deposits, transfers, pgbench: the transfers ÷ deposits ratio and CPU per deposit ÷ " +
                                "pgbench's in one run; read-side = reads, lag, catchup; feed, cluster and chain are never part of all; chain needs no stack)",
            result => Scenarios.Contains(Value(result))
                ? Value(result)
                : Refuse<string>(result, $"{string.Join(", ", Scenarios[..^1])} or {Scenarios[^1]}"), Defaults.Scenario);

    private static Option<T> Last<T>(string name, string helpName, string description, Func<ArgumentResult, T> parse, T defaultValue) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.OneOrMore,
        CustomParser = parse,
        DefaultValueFactory = _ => defaultValue,
    };

    private static int? Bounded(ArgumentResult result, int min, int max) =>
        int.TryParse(Value(result), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : Refuse<int?>(result, $"an integer in {min}..{max}");

    /// <summary>The value of the option's last occurrence.</summary>
    private static string Value(ArgumentResult result) => result.Tokens[^1].Value;

    /// <param name="expected">What the option takes, for the message the bench has always given: "--repeat must be an integer in 1..100, got 'x'".</param>
    private static T Refuse<T>(ArgumentResult result, string expected)
    {
        result.AddError($"{((OptionResult)result.Parent!).Option.Name} must be {expected}, got '{Value(result)}'");
        return default!;
    }
}
