using System.Globalization;

namespace Chronicle.Cli;

internal enum CliCommand
{
    Help,
    Verify,
    Rebuild,
    ProjectorStatus,
    ProjectorReplay,
    Simulate,
    ClusterShow,
    ClusterLeave,
    ClusterDown,
    ShardingRegions,
    ShardingStats,
}

/// <summary>The parsed command line. Options may stand anywhere; the words left name the command and its target.</summary>
/// <param name="Target">The member's address (cluster leave, down) or the entity type (sharding stats, projector replay).</param>
/// <param name="Timeout">--timeout, when given; each command that waits has its own default.</param>
internal sealed record CliArguments(CliCommand Command, Uri Url, TimeSpan Settle, TimeSpan? Timeout, string? Target = null)
{
    /// <summary>projector replay: the one entity to replay (of type <see cref="Target"/>); every held entity when null.</summary>
    public string? EntityId { get; init; }

    /// <summary>simulate: requests a second.</summary>
    public int Rate { get; init; } = Commands.SimulateCommand.DefaultRate;

    /// <summary>simulate: how long; until stopped (Ctrl+C) when null.</summary>
    public TimeSpan? Duration { get; init; }

    public const string UrlVariable = "CHRONICLE_URL";
    public const string OperatorKeyVariable = "CHRONICLE_OPERATOR_KEY";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string Usage = """
        Usage: Chronicle.Cli [--url URL] <command> [options]
               (./chronicle verify | rebuild | projector status | cluster ... | sharding ... runs it
               against the stack's gateway)

          verify               compare every account and transfer of the read model with the fold of
                               its journal; prints the differences
              --settle S       seconds a row that lags the journal gets to catch up [10]
          rebuild              rebuild the read model from scratch while writes go on: shows the
                               progress until every partition has caught up, then runs verify
              --settle S       as for verify [10]
              --timeout S      give up waiting for the rebuild after S seconds [3600]
          projector status     per partition: position, pending, lag; totals, events in quarantine (dead
                               letters); any rebuild under way
          projector replay [TYPE ID]
                               apply the held entities' events again from the journal, after a fix
                               (every held entity, or the one named, e.g. account alice); exits 1 when
                               any is still held
          simulate             realistic traffic (accounts opened, deposits, withdrawals, transfers, the odd
                               refusal) until Ctrl+C, with a running summary; sends $CHRONICLE_API_KEY
                               (a client key) as the bearer token when set
              --rate N         requests a second [20]
              --duration S     stop after S seconds instead

          cluster show         the members: address, status, roles, reachability; the leader, the
                               oldest node of each role (where its singletons run), unreachable ones
          cluster leave ADDR   the member hands its shards and singletons over and exits; waits
                               until it is removed
              --timeout S      give up waiting after S seconds [120]
          cluster down ADDR    the member is out at once (for one that is unreachable or hung): its
                               shards start on the survivors; waits until it is removed
              --timeout S      as for leave [120]
          sharding regions     each sharded entity type (account, transfer): the nodes hosting its
                               shards, with their shard and entity counts
          sharding stats TYPE  one entity type, node by node: shards, entities, which shards

          help                 this text

          --url URL            the node [$CHRONICLE_URL, else http://127.0.0.1:5080]

        The node wants an operator API key: $CHRONICLE_OPERATOR_KEY (./chronicle up writes one to .chronicle/env).

        Exit status: 0 done (verify: no differences and nothing held), 1 verify found differences or held
        entities (projector replay: some still held), 2 the node cannot be
        reached, 3 the node refused or failed (e.g. it runs no projector, an unknown member; simulate:
        requests got no answer), or what was waited for did not happen in time, 64 bad command line,
        130 interrupted.
        """;

    /// <exception cref="ArgumentException">The command line is wrong; the message says how.</exception>
    public static CliArguments Parse(IReadOnlyList<string> args, string? urlFromEnvironment)
    {
        var url = string.IsNullOrWhiteSpace(urlFromEnvironment) ? DefaultUrl : urlFromEnvironment;
        var settle = TimeSpan.FromSeconds(10);
        TimeSpan? timeout = null;
        var rate = Commands.SimulateCommand.DefaultRate;
        TimeSpan? duration = null;
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value"));
            switch (name)
            {
                case "--url": url = Value(); break;
                case "--settle": settle = Seconds(name, Value()); break;
                case "--timeout": timeout = Seconds(name, Value()); break;
                case "--rate": rate = RateOf(Value()); break;
                case "--duration": duration = Seconds(name, Value()); break;
                case "-h" or "--help": return new CliArguments(CliCommand.Help, new Uri(DefaultUrl), settle, timeout);
                default:
                    if (name.StartsWith('-')) throw new ArgumentException($"unknown option '{name}'");
                    words.Add(name);
                    break;
            }
        }

        var (command, target) = words switch
        {
            [] or ["help"] => (CliCommand.Help, null),
            ["verify"] => (CliCommand.Verify, null),
            ["rebuild"] => (CliCommand.Rebuild, null),
            ["projector", "status"] => (CliCommand.ProjectorStatus, null),
            ["projector", "replay"] => (CliCommand.ProjectorReplay, null),
            ["projector", "replay", var entityType, _] => (CliCommand.ProjectorReplay, entityType),
            ["projector", "replay", _] => throw new ArgumentException("projector replay takes an entity type and its id (account alice), or nothing for every held entity"),
            ["simulate"] => (CliCommand.Simulate, null),
            ["cluster", "show"] => (CliCommand.ClusterShow, null),
            ["cluster", "leave", var address] => (CliCommand.ClusterLeave, address),
            ["cluster", "down", var address] => (CliCommand.ClusterDown, address),
            ["cluster", "leave" or "down"] => throw new ArgumentException($"cluster {words[1]} needs the member's address (cluster show lists them)"),
            ["sharding", "regions"] => (CliCommand.ShardingRegions, null),
            ["sharding", "stats", var typeName] => (CliCommand.ShardingStats, typeName),
            ["sharding", "stats"] => throw new ArgumentException("sharding stats needs an entity type (sharding regions lists them)"),
            _ => throw new ArgumentException($"unknown command '{string.Join(' ', words)}'"),
        };
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--url '{url}' is not an http(s) URL");
        return new CliArguments(command, uri, settle, timeout, target)
        {
            Rate = rate, Duration = duration, EntityId = words is ["projector", "replay", _, var entityId] ? entityId : null,
        };
    }

    private static int RateOf(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) && rate is >= 1 and <= Commands.SimulateCommand.MaxRate
            ? rate
            : throw new ArgumentException($"--rate takes requests a second from 1 to {Commands.SimulateCommand.MaxRate}, not '{text}'");

    private static TimeSpan Seconds(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} takes a whole number of seconds, not '{text}'");
}
