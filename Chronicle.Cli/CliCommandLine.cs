using System.CommandLine;
using Chronicle.Cli.Commands;

namespace Chronicle.Cli;

/// <summary>The CLI's verbs (System.CommandLine): one root, a command per verb with its typed options, help on each.</summary>
internal static class CliCommandLine
{
    private const string Description = """
        Operator commands against a Chronicle node's /admin routes (./chronicle verify | rebuild | projector ... |
        cluster ... | sharding ... | webhooks ... | simulate runs them against the stack's gateway), and reads of its
        accounts and transfers (./chronicle accounts ... | transfers ...).

        The node wants an operator API key: $CHRONICLE_OPERATOR_KEY; the reads an auditor key: $CHRONICLE_AUDITOR_KEY
        (./chronicle up writes both to .chronicle/env).

        Exit status: 0 done (verify: no differences and nothing held), 1 verify found differences or held
        entities, or verify --chain a broken hash chain (projector replay, webhooks replay: some still held), 2 the node cannot be reached, 3 the node refused or
        failed (e.g. it runs no projector, an unknown member or account; simulate: requests got no answer), or what was
        waited for did not happen in time, 64 bad command line, 130 interrupted.
        """;

    public static RootCommand Create(CliContext context)
    {
        var help = new Command("help", "this text");
        var root = new RootCommand(Description)
        {
            VerifyCommand.Create(context),
            RebuildCommand.Create(context),
            new Command("projector", "the read model's projector: its progress; held entities applied again")
            {
                ProjectorStatusCommand.Create(context),
                ProjectorReplayCommand.Create(context),
            },
            SimulateCommand.Create(context),
            new Command("cluster", "the cluster's members; one taken out")
            {
                ClusterShowCommand.Create(context),
                ClusterLeaveOrDownCommand.Leave(context),
                ClusterLeaveOrDownCommand.Down(context),
            },
            new Command("sharding", "where the sharded entities live")
            {
                ShardingRegionsCommand.Create(context),
                ShardingStatsCommand.Create(context),
            },
            WebhooksCommand.Create(context),
            AccountsCommand.Create(context),
            TransfersCommand.Create(context),
            help,
            context.Url,
        };
        // Not the name of the process: under a test host that would be "testhost".
        root.HelpName = "Chronicle.Cli";
        // No verb, or `help`: the usage, exit 0 (System.CommandLine alone would call a missing verb an error).
        root.SetAction(parse => ShowHelp(root, parse));
        help.SetAction(parse => ShowHelp(root, parse));
        return root;
    }

    private static int ShowHelp(RootCommand root, ParseResult parse) => root.Parse(["--help"]).Invoke(parse.InvocationConfiguration);
}
