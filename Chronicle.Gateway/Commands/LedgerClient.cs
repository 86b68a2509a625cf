using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Gateway.Operations;
using Npgsql;

namespace Chronicle.Gateway.Commands;

/// <summary>The gateway's door into the account shards: ask, with a deadline, and type the answer.</summary>
public sealed class LedgerClient(
    IRequiredActor<AccountShards> accounts,
    IRequiredActor<TransferShards> transfers,
    TransferKeys transferKeys,
    GatewaySettings settings,
    EventStoreMonitor eventStore)
{
    /// <summary>The fast answer while the event store is away: nothing was sent, so nothing was written.</summary>
    private static readonly CommandRejected EventStoreUnreachable =
        new(RejectionCode.Unavailable, "the event store is unreachable; nothing was written, retry later");

    /// <summary>
    /// Starts (or joins) a transfer; under an Idempotency-Key (<paramref name="keyDigest"/>) only if the key is
    /// bound to this very request (<see cref="TransferKeyBinding"/>): the key's first request binds it.
    /// Null when the saga has not answered within <paramref name="wait"/>.
    /// </summary>
    public async Task<object?> StartTransferAsync(StartTransfer start, string? keyDigest, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        if (keyDigest is not null)
        {
            TransferKeyBinding bound;
            try
            {
                bound = await transferKeys.BindAsync(keyDigest, TransferKeyBinding.Of(start), cancellationToken);
            }
            catch (NpgsqlException e)
            {
                return new CommandRejected(RejectionCode.Unavailable, $"the event store did not answer ({e.Message}); nothing was started, retry with the same Idempotency-Key");
            }
            if (bound.Refusal(start) is { } refused) return refused;
        }
        return await AskTransferAsync(start, wait, cancellationToken);
    }

    /// <summary>Asks a transfer saga; null when it has not answered within <paramref name="wait"/> (it carries on regardless).</summary>
    public async Task<object?> AskTransferAsync(ITransferMessage message, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        // One saga per transfer id: a start sent again joins it, a read reads it.
        return await AskAsync(transfers.ActorRef, message, wait, repeatable: true, cancellationToken);
    }

    /// <summary>Asks the account; what is safe to ask twice (a read, a write under an Idempotency-Key) may be asked again.</summary>
    public async Task<object> AskAsync(IAccountMessage message, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        var repeatable = message is not IAccountCommand { IdempotencyKey: null };
        // No answer: the command may still be applied. The client must retry with the same Idempotency-Key.
        return await AskAsync(accounts.ActorRef, message, settings.CommandTimeout, repeatable, cancellationToken)
               ?? new CommandRejected(RejectionCode.Unavailable,
                   $"no answer from the ledger within {settings.CommandTimeout.TotalSeconds:0}s; the write may or may not have happened, retry with the same Idempotency-Key");
    }

    /// <summary>
    /// The answer, or null when none came within <paramref name="wait"/>. Sharding delivers at most once: a
    /// region drops what it buffered for a shard at the moment that shard is handed over (to keep the order),
    /// so a repeatable message is sent again after each <see cref="GatewaySettings.CommandAttemptTimeout"/>.
    /// </summary>
    private async Task<object?> AskAsync(IActorRef target, object message, TimeSpan wait, bool repeatable, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try
            {
                return await target.Ask<object>(message, repeatable && left > settings.CommandAttemptTimeout ? settings.CommandAttemptTimeout : left, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                if (!repeatable) return null;
            }
        }
    }
}
