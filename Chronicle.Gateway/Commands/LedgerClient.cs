using Akka.Actor;
using Akka.Hosting;
using Chronicle.Actors.Accounts;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Hosting;
using Chronicle.Actors.Transfers;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Contracts.Accounts;
using Chronicle.Gateway.Operations;
using Chronicle.Gateway.Queries;
using Npgsql;

namespace Chronicle.Gateway.Commands;

/// <summary>The gateway's door into the account shards: ask, with a deadline, and type the answer.</summary>
public sealed class LedgerClient(
    IRequiredActor<AccountShards> accounts,
    TransferKeys transferKeys,
    JournalTable journal,
    GatewaySettings settings,
    EventStoreMonitor eventStore)
{
    /// <summary>The fast answer while the event store is away: nothing was sent, so nothing was written.</summary>
    private static readonly CommandRejected EventStoreUnreachable =
        new(RejectionCode.Unavailable, "the event store is unreachable; nothing was written, retry later");

    /// <summary>
    /// Sends a transfer to its source account. A transfer id the client named (<paramref name="named"/>) is bound to
    /// the request and its key first (<see cref="TransferKeys"/>), so it can never start a second transfer; an id the
    /// gateway made needs no binding. The answer is the account's, or the binding's refusal.
    /// </summary>
    public async Task<object> SendTransferAsync(SendTransfer send, bool named, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        if (named)
        {
            try
            {
                if (await transferKeys.BindAsync(send, cancellationToken) is { } refused) return refused;
            }
            catch (NpgsqlException e)
            {
                return new CommandRejected(RejectionCode.Unavailable, $"the event store did not answer ({e.Message}); nothing was started, retry with the same Idempotency-Key");
            }
        }

        var answer = await AskAsync(send, cancellationToken);
        if (named && answer is CommandRejected { Code: RejectionCode.ValidationFailed }) await ReleaseAsync(send);
        return answer;
    }

    /// <summary>
    /// An invalid request leaves its id free again (<see cref="TransferKeys.ReleaseAsync"/>). Not tied to the client's
    /// request: the answer is given either way, and a release that fails only keeps the id for this request.
    /// </summary>
    private async Task ReleaseAsync(SendTransfer send)
    {
        try
        {
            await transferKeys.ReleaseAsync(send, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The binding stays, and keeps the id for this very (invalid) request only.
        }
    }

    /// <summary>
    /// The event that opened transfer <paramref name="transferId"/> on its source account (its <c>AccountId</c>), found
    /// in the journal, or why not: no transfer of that id was ever recorded (transfer_not_found), or the event store
    /// did not answer.
    /// </summary>
    public async Task<(IAccountEvent? Opening, CommandRejected? Missing)> FindTransferOpeningAsync(string transferId, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return (null, EventStoreUnreachable);
        try
        {
            return await journal.FindTransferOpeningAsync(transferId, cancellationToken) is { } opening
                ? (opening, null)
                : (null, new CommandRejected(RejectionCode.TransferNotFound, $"transfer '{transferId}' does not exist"));
        }
        catch (NpgsqlException e)
        {
            return (null, new CommandRejected(RejectionCode.Unavailable, $"the event store did not answer ({e.Message}); retry"));
        }
    }

    /// <summary>
    /// An ended transfer as its source's journal tells it (the source's currency asked of the account); null when the
    /// journal shows no end yet or the event store does not answer.
    /// </summary>
    internal async Task<TransferResponse?> EndedTransferAsync(IAccountEvent opening, string transferId, CancellationToken cancellationToken)
    {
        try
        {
            if (await journal.TransferEndAsync(opening.AccountId, transferId, opening.EventId, cancellationToken) is not { } end) return null;
            if (await AskAsync(new GetAccountState(opening.AccountId), cancellationToken) is not AccountStateReply { State: var source }) return null;
            var (to, amountMinorUnits, expiresAt, metadata) = Opened(opening);
            var currency = source.Currency;
            return new TransferResponse(transferId, opening.AccountId, to, currency.Format(amountMinorUnits),
                end.PostedMinorUnits is { } posted ? currency.Format(posted) : null, currency.Code, end.Status, end.Reason, expiresAt,
                MetadataAnswer.Of(metadata), opening.OccurredAt, end.EndedAt);
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>What the event that opened a transfer (<see cref="FindTransferOpeningAsync"/>) says of it for good.</summary>
    internal static (string ToAccountId, long AmountMinorUnits, DateTimeOffset? ExpiresAt, ClientMetadata? Metadata) Opened(IAccountEvent opening) => opening switch
    {
        TransferSent s => (s.ToAccountId, s.AmountMinorUnits, null, s.Metadata),
        TransferHeld h => (h.ToAccountId, h.AmountMinorUnits, h.ExpiresAt, h.Metadata),
        _ => throw new InvalidOperationException($"{opening.GetType().Name} does not open a transfer"),
    };

    /// <summary>Asks the account; what is safe to ask twice (a read, a write under an Idempotency-Key) may be asked again.</summary>
    public async Task<object> AskAsync(IAccountMessage message, CancellationToken cancellationToken)
    {
        if (!eventStore.Reachable) return EventStoreUnreachable;
        var repeatable = message is not IAccountCommand { IdempotencyKey: null };
        // No answer: the command may still be applied. The client must retry with the same Idempotency-Key.
        return await AskAsync(message, repeatable, cancellationToken)
               ?? new CommandRejected(RejectionCode.Unavailable,
                   $"no answer from the ledger within {settings.CommandTimeout.TotalSeconds:0}s; the write may or may not have happened, retry with the same Idempotency-Key");
    }

    /// <summary>
    /// The answer, or null when none came within <see cref="GatewaySettings.CommandTimeout"/>. Sharding delivers at
    /// most once: a region drops what it buffered for a shard at the moment that shard is handed over (to keep the
    /// order), so a repeatable message is sent again after each <see cref="GatewaySettings.CommandAttemptTimeout"/>
    /// (a transfer's source answers within it: its wait for the credit is shorter, AccountSettings.TransferAnswerWait).
    /// </summary>
    private async Task<object?> AskAsync(IAccountMessage message, bool repeatable, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settings.CommandTimeout;
        // A traced request's context goes with its command, across nodes (docs/TRACING.md).
        if (message is IAccountCommand command && AccountTracing.CurrentTraceParent() is { } traceParent) message = new TracedCommand(command, traceParent);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try
            {
                return await accounts.ActorRef.Ask<object>(message, repeatable && left > settings.CommandAttemptTimeout ? settings.CommandAttemptTimeout : left, cancellationToken);
            }
            catch (AskTimeoutException)
            {
                if (!repeatable) return null;
            }
        }
    }
}
