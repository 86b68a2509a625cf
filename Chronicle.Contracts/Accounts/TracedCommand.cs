using System.Text.Json;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Accounts;

/// <summary>
/// A command sent to its account with the W3C trace context of the request that sent it (docs/TRACING.md): the
/// context crosses nodes in the message, as <see cref="System.Diagnostics.Activity.Current"/> cannot. The command
/// itself is unchanged, so its request fingerprint and its idempotency are what they are untraced. Sent only while
/// the sending node traces; the account decides <see cref="Command"/> as if it came alone.
/// </summary>
public sealed record TracedCommand(IAccountCommand Command, string TraceParent) : IAccountMessage
{
    public string AccountId => Command.AccountId;
}

/// <summary>How a <see cref="TracedCommand"/> travels: the command's own JSON under its own manifest, beside the context.</summary>
internal sealed record StoredTracedCommand(string TraceParent, string Manifest, JsonElement Command);
