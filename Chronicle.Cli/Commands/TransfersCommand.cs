using System.CommandLine;
using static Chronicle.Cli.Format;

namespace Chronicle.Cli.Commands;

/// <summary><c>transfers show ID</c>: one transfer, with the auditor's key (as <see cref="AccountsCommand"/>).</summary>
internal static class TransfersCommand
{
    public static Command Create(CliContext context) => new("transfers", "transfers as the node shows them (an auditor key: $" + CliEnvironment.AuditorKeyVariable + ")")
    {
        Show(context),
    };

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "the transfer's id" };
        var command = new Command("show", "one transfer: its accounts, amount, status, labels") { id };
        CliWords.Require(command, id, "transfers show needs a transfer's id");
        context.SetAuditorAction(command, async (parse, node, cancellationToken) =>
        {
            var t = await node.AskAsync((client, token) => client.GetTransferAsync(parse.GetValue(id)!, cancellationToken: token), cancellationToken);
            var table = new CliTable("TRANSFER", "FROM", "TO", "AMOUNT", "POSTED", "CURRENCY", "STATUS", "REASON").AlignRight(3, 4);
            table.Add(t.TransferId, t.FromAccountId, t.ToAccountId, Money(t.Amount), t.PostedAmount is { } posted ? Money(posted) : "-", t.Currency, t.Status,
                t.Reason ?? "");
            table.WriteTo(context.Console);
            context.Console.Out.WriteLine($"metadata: {Labels(t.Metadata)}");
            context.Console.Out.WriteLine($"created {Time(t.CreatedAt)}, last updated {Time(t.UpdatedAt)}" +
                                          (t.ExpiresAt is { } expires ? $"; the hold expires {Time(expires)}" : ""));
            return ExitCodes.Ok;
        });
        return command;
    }
}
