using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.Transfers;
using Chronicle.Gateway.Operations;

namespace Chronicle.Gateway.Commands;

/// <summary>The gateway's door into the account shards: ask, with a deadline, and type the answer.</summary>
public sealed class LedgerClient(
    IRequiredActor<AccountActor> accounts,
    IRequiredActor<TransferActor> transfers,
    GatewaySettings settings,
    EventStoreMonitor eventStore)
{
    /// <summary>The fast answer while the event store is away: nothing was sent, so nothing was written.</summary>
    private static readonly CommandRejected EventStoreUnreachable =
        new(RejectionCode.Unavailable, "the event store is unreachable; nothing was written, retry later");

    /// <summary>Asks a transfer saga; null when it has not answered within <paramref name="wait"/> (it carries on regardless).</summary>
    public async Task<object?> AskTransferAsync(ITransferMessage message, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        try
        {
            return await transfers.ActorRef.Ask<object>(message, wait, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Asks the account; what is safe to ask twice (a read, a write under an Idempotency-Key) is asked again
    /// after each <see cref="GatewaySettings.CommandAttemptTimeout"/> without an answer, up to the command timeout.
    /// </summary>
    public async Task<object> AskAsync(IAccountMessage message, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        var repeatable = message is not IAccountCommand { IdempotencyKey: null };
        var deadline = DateTime.UtcNow + settings.CommandTimeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var attempt = repeatable && left > settings.CommandAttemptTimeout ? settings.CommandAttemptTimeout : left;
            try
            {
                return await accounts.ActorRef.Ask<object>(message, attempt > TimeSpan.Zero ? attempt : TimeSpan.FromMilliseconds(1), cancellationToken);
            }
            catch (AskTimeoutException) when (repeatable && deadline - DateTime.UtcNow > TimeSpan.Zero)
            {
            }
            catch (AskTimeoutException)
            {
                // The command may still be applied: the client must retry with the same Idempotency-Key.
                return new CommandRejected(RejectionCode.Unavailable,
                    $"no answer from the ledger within {settings.CommandTimeout.TotalSeconds:0}s; the write may or may not have happened, retry with the same Idempotency-Key");
            }
        }
    }
}
