using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

/// <summary>
/// One write of the API, whichever way it comes: its name (the route <c>POST /commands/{Type}</c>, and a batch
/// command's <c>type</c>), the authorization policy that may send it, and how its JSON fields and Idempotency-Key
/// (already scoped to the caller) become a command ready to run. The single route and the batch both go through
/// <see cref="Parse"/> and <see cref="ParsedCommand.RunAsync"/>, so they answer alike.
/// </summary>
internal sealed record CommandKind(string Type, string Policy, Func<JsonFields, string?, ParsedCommand> Parse);
