using System.CommandLine;
using System.CommandLine.Parsing;
using Chronicle.Client;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary>
/// <c>accounts show ID</c> and <c>accounts list [--prefix P] [--metadata K=V]... [--limit N] [--after ID]</c>: reads, with the
/// auditor's key (the operator's sees no account data: docs/SECURITY.md).
/// </summary>
internal static class AccountsCommand
{
    private const int DefaultLimit = 20, MaxLimit = 100;

    public static Command Create(CliContext context) => new("accounts", "accounts as the node shows them (an auditor key: $" + CliEnvironment.AuditorKeyVariable + ")")
    {
        Show(context),
        List(context),
    };

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "the account's id" };
        var command = new Command("show", "one account: balances, limit, status, version, labels") { id };
        CliWords.Require(command, id, "accounts show needs an account's id (accounts list finds them)");
        context.SetAuditorAction(command, async (parse, node, cancellationToken) =>
        {
            var account = await node.AskAsync((client, token) => client.GetAccountAsync(parse.GetValue(id)!, cancellationToken: token), cancellationToken);
            Write([account], context.Console);
            context.Console.Out.WriteLine($"metadata: {Labels(account.Metadata)}");
            context.Console.Out.WriteLine($"created {Time(account.CreatedAt)}, last updated {Time(account.LastUpdated)}; " +
                                          $"pending incoming {Money(account.PendingIncoming)} {account.Currency}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var prefix = new Option<string?>("--prefix") { Description = "only ids that start with P", HelpName = "P" };
        var metadata = new Option<IReadOnlyDictionary<string, string>>("--metadata")
        {
            Description = "only accounts labelled KEY=VALUE; give it again for more labels, all of which must match",
            HelpName = "KEY=VALUE",
            Arity = ArgumentArity.OneOrMore,
            CustomParser = ParseLabels,
            DefaultValueFactory = _ => new Dictionary<string, string>(),
        };
        var limit = CliOptions.Count("--limit", "accounts to show, in id order", DefaultLimit, MaxLimit);
        var after = new Option<string?>("--after") { Description = "the next page: the account id the last one ended at", HelpName = "ID" };
        var command = new Command("list", "accounts in id order, by id prefix and labels") { prefix, metadata, limit, after };
        context.SetAuditorAction(command, async (parse, node, cancellationToken) =>
        {
            var page = await node.AskAsync((client, token) => client.ListAccountsAsync(parse.GetValue(prefix), parse.GetValue(metadata), parse.GetValue(limit),
                parse.GetValue(after), token), cancellationToken);
            if (page.Accounts.Count == 0) context.Console.Out.WriteLine("accounts: none match");
            else Write(page.Accounts, context.Console);
            if (page.Next is { } next) context.Console.Out.WriteLine($"more: accounts list ... --after {next}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(IEnumerable<AccountResponse> accounts, CliConsole console)
    {
        var table = new CliTable("ACCOUNT", "OWNER", "STATUS", "BALANCE", "AVAILABLE", "LIMIT", "CURRENCY", "VERSION").AlignRight(3, 4, 5, 7);
        foreach (var a in accounts)
            table.Add(a.AccountId, a.OwnerName, a.Status, Money(a.Balance), Money(a.AvailableBalance), Money(a.OverdraftLimit), a.Currency, Count(a.Version));
        table.WriteTo(console);
    }

    /// <summary>Each --metadata KEY=VALUE; the same key twice is refused (an account has one value per key).</summary>
    private static IReadOnlyDictionary<string, string> ParseLabels(ArgumentResult result)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            var split = token.Value.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0) return CliOptions.Refuse<IReadOnlyDictionary<string, string>>(result, $"--metadata takes KEY=VALUE, not '{token.Value}'");
            if (!labels.TryAdd(token.Value[..split], token.Value[(split + 1)..]))
                return CliOptions.Refuse<IReadOnlyDictionary<string, string>>(result, $"--metadata names '{token.Value[..split]}' more than once");
        }
        return labels;
    }
}
