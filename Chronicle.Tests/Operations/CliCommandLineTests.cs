using System.CommandLine;
using Chronicle.Cli;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Operations;

/// <summary>Chronicle.Cli's command line (System.CommandLine): what each verb takes, its help, and what it refuses. No node needed.</summary>
public sealed class CliCommandLineTests
{
    /// <summary>Every verb, as its words: projector status, cluster leave, ...</summary>
    public static TheoryData<string> Verbs()
    {
        var verbs = new TheoryData<string>();
        foreach (var verb in Leaves(CliCommandLine.Create(Context()), [])) verbs.Add(verb);
        return verbs;
    }

    [Fact]
    public async Task Help_on_the_root_lists_every_verb_and_exits_0_as_do_help_and_no_verb_at_all()
    {
        foreach (var args in new string[][] { ["--help"], ["help"], [] })
        {
            var help = await CliRun.RunAsync(null, args);
            Assert.True(help.Exit == ExitCodes.Ok, help.ToString());
            foreach (var group in new[] { "verify", "rebuild", "projector", "simulate", "cluster", "sharding", "webhooks", "accounts", "transfers", "--url" }) Assert.Contains(group, help.Out);
            Assert.Contains("64 bad command line", help.Out);
        }
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_works_on_every_verb_and_lists_its_options_and_arguments(string verb)
    {
        var words = verb.Split(' ');
        var help = await CliRun.RunAsync(null, [.. words, "--help"]);

        Assert.True(help.Exit == ExitCodes.Ok, help.ToString());
        Assert.Contains($"Chronicle.Cli {verb}", help.Out);
        Assert.Contains("--url", help.Out);
        var command = Find(CliCommandLine.Create(Context()), words);
        foreach (var option in command.Options) Assert.Contains(option.Name, help.Out);
        foreach (var argument in command.Arguments) Assert.Contains($"<{argument.Name}>", help.Out);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task An_unknown_option_on_any_verb_exits_64_with_the_error_and_the_verbs_usage_on_stderr(string verb)
    {
        var refused = await CliRun.RunAsync(TestApiKeys.NewKey(), [.. verb.Split(' '), "--no-such-option"]);

        Assert.True(refused.Exit == ExitCodes.Usage, refused.ToString());
        // System.CommandLine's words for an option no verb has, or the CLI's where a verb takes words (sharding stats TYPE).
        Assert.Matches("chronicle: (Unrecognized command or argument|unknown option) '--no-such-option'", refused.Error);
        Assert.Contains($"Chronicle.Cli {verb}", refused.Error);
        Assert.Equal("", refused.Out);
    }

    [Fact]
    public void The_url_comes_from_the_option_then_the_environment_then_the_default()
    {
        Assert.Equal(new Uri("http://a:1/"), CliRun.Parse("http://b:2", "verify", "--url", "http://a:1").GetValue<Uri>("--url"));
        Assert.Equal(new Uri("http://a:1/"), CliRun.Parse(null, "--url=http://a:1", "verify").GetValue<Uri>("--url"));
        Assert.Equal(new Uri("http://b:2/"), CliRun.Parse("http://b:2", "verify").GetValue<Uri>("--url"));
        var status = CliRun.Parse(null, "projector", "status");
        Assert.Equal(new Uri(CliEnvironment.DefaultUrl), status.GetValue<Uri>("--url"));
        Assert.Equal("status", status.CommandResult.Command.Name);
        // ./chronicle puts the stack's --url before the verb; one given after it counts.
        Assert.Equal(new Uri("http://c:3/"), CliRun.Parse(null, "--url", "http://a:1", "verify", "--url", "http://c:3").GetValue<Uri>("--url"));
        Assert.Equal("--url 'ftp://x' is not an http(s) URL", Assert.Single(CliRun.Parse(null, "verify", "--url", "ftp://x").Errors).Message);
        Assert.Equal("--url 'ftp://x' is not an http(s) URL", Assert.Single(CliRun.Parse("ftp://x", "verify").Errors).Message);
    }

    [Fact]
    public void Cluster_and_sharding_verbs_take_their_target_as_a_word_and_refuse_without_it()
    {
        var leave = CliRun.Parse(null, "cluster", "leave", "akka.tcp://chronicle@127.0.0.1:4052", "--timeout", "30");
        Assert.Equal(("leave", "akka.tcp://chronicle@127.0.0.1:4052", 30),
            (leave.CommandResult.Command.Name, leave.GetValue<string>("ADDR"), leave.GetValue<int>("--timeout")));
        Assert.Equal(120, CliRun.Parse(null, "cluster", "down", "a").GetValue<int>("--timeout"));
        var stats = CliRun.Parse(null, "sharding", "stats", "account");
        Assert.Equal(("stats", "account"), (stats.CommandResult.Command.Name, stats.GetValue<string>("TYPE")));
        Assert.Empty(CliRun.Parse(null, "cluster", "show").Errors);
        Assert.Equal((10, 3600), CliRun.Parse(null, "rebuild") is var rebuild ? (rebuild.GetValue<int>("--settle"), rebuild.GetValue<int>("--timeout")) : default);
        Assert.Equal("cluster down needs the member's address (cluster show lists them)", Assert.Single(CliRun.Parse(null, "cluster", "down").Errors).Message);
        Assert.Equal("sharding stats needs an entity type (sharding regions lists them)", Assert.Single(CliRun.Parse(null, "sharding", "stats").Errors).Message);
        Assert.NotEmpty(CliRun.Parse(null, "cluster", "leave", "a", "b").Errors);
    }

    [Fact]
    public void Projector_replay_takes_a_type_and_an_id_or_nothing()
    {
        var one = CliRun.Parse(null, "projector", "replay", "account", "alice");
        Assert.Equal(("account", "alice"), (one.GetValue<string?>("TYPE"), one.GetValue<string?>("ID")));
        Assert.Empty(CliRun.Parse(null, "projector", "replay").Errors);
        Assert.Equal("projector replay takes an entity type and its id (account alice), or nothing for every held entity",
            Assert.Single(CliRun.Parse(null, "projector", "replay", "account").Errors).Message);
    }

    [Fact]
    public void Webhook_and_read_verbs_take_their_words_and_refuse_what_is_not_one()
    {
        var add = CliRun.Parse(null, "webhooks", "add", "http://127.0.0.1:9/hook", "--events", "MoneyDeposited", "MoneyWithdrawn");
        Assert.Equal("http://127.0.0.1:9/hook", add.GetValue<string>("URL"));
        Assert.Equal(["MoneyDeposited", "MoneyWithdrawn"], add.GetValue<string[]>("--events")!);
        Assert.NotEmpty(CliRun.Parse(null, "webhooks", "add", "http://127.0.0.1:9/hook").Errors);
        Assert.Equal("webhooks pause needs an endpoint's id (webhooks list shows them)", Assert.Single(CliRun.Parse(null, "webhooks", "pause").Errors).Message);
        Assert.Equal(100, CliRun.Parse(null, "webhooks", "replay", "wh_1").GetValue<int>("--limit"));
        Assert.Equal("--limit takes a whole number from 1 to 1,000, not '0'",
            Assert.Single(CliRun.Parse(null, "webhooks", "deliveries", "wh_1", "--limit", "0").Errors).Message);

        var list = CliRun.Parse(null, "accounts", "list", "--metadata", "tier=gold", "--metadata", "region=eu", "--limit", "5");
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold", ["region"] = "eu" }, list.GetValue<IReadOnlyDictionary<string, string>>("--metadata"));
        Assert.Equal(5, list.GetValue<int>("--limit"));
        Assert.Equal("--metadata takes KEY=VALUE, not 'gold'", Assert.Single(CliRun.Parse(null, "accounts", "list", "--metadata", "gold").Errors).Message);
        Assert.Equal("--metadata names 'tier' more than once",
            Assert.Single(CliRun.Parse(null, "accounts", "list", "--metadata", "tier=a", "--metadata", "tier=b").Errors).Message);
        Assert.Equal("accounts show needs an account's id (accounts list finds them)", Assert.Single(CliRun.Parse(null, "accounts", "show").Errors).Message);
        Assert.Equal("transfers show needs a transfer's id", Assert.Single(CliRun.Parse(null, "transfers", "show").Errors).Message);
    }

    [Fact]
    public void Seconds_are_whole_numbers_and_the_last_one_given_counts()
    {
        Assert.Equal(5, CliRun.Parse(null, "verify", "--settle=4", "--settle", "5").GetValue<int>("--settle"));
        Assert.Equal("--settle takes a whole number of seconds, not '-1'", Assert.Single(CliRun.Parse(null, "verify", "--settle", "-1").Errors).Message);
        Assert.Equal("--timeout takes a whole number of seconds, not '1.5'", Assert.Single(CliRun.Parse(null, "rebuild", "--timeout", "1.5").Errors).Message);
    }

    private static CliContext Context() => new(new CliConsole(TextWriter.Null, TextWriter.Null, IsTerminal: false), null, null, null);

    private static IEnumerable<string> Leaves(Command command, IReadOnlyList<string> path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] words = [.. path, sub.Name];
            if (sub.Subcommands.Count == 0) yield return string.Join(' ', words);
            foreach (var leaf in Leaves(sub, words)) yield return leaf;
        }
    }

    private static Command Find(Command root, IEnumerable<string> words) =>
        words.Aggregate(root, (command, word) => command.Subcommands.Single(sub => sub.Name == word));
}
