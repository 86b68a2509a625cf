using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// One write of the API, whichever way it comes: its name (the route <c>POST /commands/{Type}</c>, and a batch
/// command's <c>type</c>), the authorization policy that may send it, and how its JSON fields and Idempotency-Key
/// (already scoped to the caller) become a command ready to run. The single route and the batch both go through
/// <see cref="Parse"/> and <see cref="ParsedCommand.RunAsync"/>, so they answer alike.
/// </summary>
internal sealed record CommandKind(string Type, string Policy, Func<JsonFields, string?, ParsedCommand> Parse);

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
