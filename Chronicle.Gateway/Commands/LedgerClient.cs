using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.Accounts;

namespace Chronicle.Gateway.Commands;

/// <summary>The gateway's door into the account shards: ask, with a deadline, and type the answer.</summary>
public sealed class LedgerClient(IRequiredActor<AccountActor> accounts, GatewaySettings settings)
{
    public async Task<object> AskAsync(IAccountMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await accounts.ActorRef.Ask<object>(message, settings.CommandTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            // The command may still be applied: the client must retry with the same Idempotency-Key.
            return new CommandRejected(RejectionCode.Unavailable,
                $"no answer from the ledger within {settings.CommandTimeout.TotalSeconds:0}s; the write may or may not have happened, retry with the same Idempotency-Key");
        }
    }
}
