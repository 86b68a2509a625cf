namespace Chronicle.Gateway.Commands;

/// <summary>
/// A command whose fields were read (valid only when the fields report no problem), not yet sent.
/// <paramref name="Touches"/> names what it changes (<c>account:&lt;id&gt;</c>, <c>transfer:&lt;id&gt;</c>), so a batch
/// runs commands that share one in their order and the others at once; null: what it changes is known only once it
/// runs (a post or a void finds its accounts in the journal), so a batch runs it after everything before it and
/// before everything after it.
/// </summary>
internal sealed record ParsedCommand(IReadOnlyList<string>? Touches, Func<CommandContext, Task<CommandAnswer>> RunAsync)
{
    public static string Account(string accountId) => "account:" + accountId;

    public static string Transfer(string transferId) => "transfer:" + transferId;
}
