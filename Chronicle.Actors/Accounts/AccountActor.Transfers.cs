using Akka.Actor;
using Akka.Event;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// The source account's side of its transfers: it records the transfer (the durable intent), asks the target
/// for the credit, records the answer, and answers the client. What each answer means is
/// <see cref="TransferRules"/>'s to decide; this part sends, waits, retries and replies.
///
/// The credit is sent for the first time only right after the write that put the transfer in flight; every
/// other send (a timeout, an "unavailable" answer, a restart) is marked IsResend, so the target checks its
/// durable record when its memory does not hold the key: applied once however long it took. Only the
/// answer to the latest send counts: answers come back in the order the sends went out, so the outcome
/// recorded is the target's last word on the transfer, never an earlier refusal it has since overtaken.
/// </summary>
internal sealed partial class AccountActor
{
    private const string ExpiryTimer = "expiry";

    /// <summary>Holds open longer than this are woken once a day to re-arm: the scheduler's delays are bounded.</summary>
    private static readonly TimeSpan LongestTimerDelay = TimeSpan.FromDays(1);

    /// <summary>The requests waiting for a transfer in flight to end (or for the wait to run out), by transfer id.</summary>
    private readonly Dictionary<string, List<Waiting>> _transferWaiters = new(StringComparer.Ordinal);

    /// <summary>The latest credit send of each transfer in flight; an answer to an earlier one is stale.</summary>
    private readonly Dictionary<string, int> _creditAttempts = new(StringComparer.Ordinal);

    private void OnTransferSignal(ITransferSignal signal)
    {
        switch (signal)
        {
            case CreditAnswered answered:
                OnCreditAnswered(answered);
                break;
            case RetryCredit retry when _pending.Outgoing.TryGetValue(retry.TransferId, out var open) && open.Kind == OutgoingKind.InFlight:
                SendCredit(retry.TransferId, isResend: true);
                break;
            case AnswerPending pending:
                AnswerWaiters(pending.TransferId, OpenOutcome(pending.TransferId));
                break;
            case ExpireHolds:
                Expire();
                break;
        }
    }

    /// <summary>Where a transfer stands while open; once ended, the read model has it.</summary>
    private void AnswerOpenTransfer(GetOpenTransfer get) => Sender.Tell(OpenOutcome(get.TransferId));

    private object OpenOutcome(string transferId) =>
        _durable.Outgoing.TryGetValue(transferId, out var open)
            ? Outcome(open, open.Kind == OutgoingKind.Held ? TransferStatuses.Held : TransferStatuses.Pending)
            : new TransferNotOpen(transferId);

    /// <summary>After recovery: every credit not answered is sent again, and the holds' expiry armed.</summary>
    private void ResumeOpenTransfers()
    {
        foreach (var open in _durable.Outgoing.Values.Where(o => o.Kind == OutgoingKind.InFlight))
            SendCredit(open.TransferId, isResend: true);
        ScheduleExpiry();
    }

    /// <summary>A transfer, post or void sent again under its key: answered by where the transfer stands now.</summary>
    private static Decision JoinIfRepeated(IAccountCommand command, Decision decision) =>
        decision is Decision.Answer { Reply: WriteAccepted { Replayed: true } } && TransferIdOf(command) is { } transferId
            ? new Decision.Answer(new JoinTransfer(transferId))
            : decision;

    private static string? TransferIdOf(IAccountCommand command) => command switch
    {
        SendTransfer t => t.TransferId,
        PostTransfer p => p.TransferId,
        VoidTransfer v => v.TransferId,
        _ => null,
    };

    private void Join(Waiting waiting, string transferId)
    {
        if (_durable.Outgoing.TryGetValue(transferId, out var open) && open.Kind == OutgoingKind.InFlight) Wait(transferId, waiting);
        else waiting.Reply(OpenOutcome(transferId) is TransferOutcome outcome ? outcome with { Replayed = true } : new TransferNotOpen(transferId));
    }

    private static string OpenTransferId(IAccountEvent putInFlight) => putInFlight switch
    {
        TransferSent sent => sent.TransferId,
        HoldPosted posted => posted.TransferId,
        _ => throw new ArgumentOutOfRangeException(nameof(putInFlight), putInFlight.GetType().Name),
    };

    private void SendFirstCredit(string transferId, Waiting waiting)
    {
        Wait(transferId, waiting);
        SendCredit(transferId, isResend: false);
    }

    /// <summary>Parks a request until the transfer ends, or until the account's wait runs out (then: pending).</summary>
    private void Wait(string transferId, Waiting waiting)
    {
        if (!_transferWaiters.TryGetValue(transferId, out var waiters))
        {
            _transferWaiters[transferId] = waiters = [];
            Timers.StartSingleTimer(AnswerTimer(transferId), new AnswerPending(transferId), _settings.TransferAnswerWait);
        }
        waiters.Add(waiting);
    }

    private void SendCredit(string transferId, bool isResend)
    {
        var attempt = _creditAttempts.GetValueOrDefault(transferId) + 1;
        _creditAttempts[transferId] = attempt;
        var credit = TransferRules.Credit(_pending, _pending.Outgoing[transferId], isResend);
        _accounts.Ask<object>(credit, _transfers.StepTimeout).PipeTo(Self,
            success: answer => new CreditAnswered(transferId, attempt, answer),
            failure: e => new CreditAnswered(transferId, attempt, new CommandRejected(RejectionCode.Unavailable, e.Message)));
    }

    private void OnCreditAnswered(CreditAnswered answered)
    {
        var transferId = answered.TransferId;
        if (_creditAttempts.GetValueOrDefault(transferId) != answered.Attempt) return;
        var open = _pending.Outgoing.GetValueOrDefault(transferId);
        var recorded = TransferRules.Answered(_pending, transferId, answered.Answer, _settings.Clock(), Guid.CreateVersion7());
        if (recorded is null)
        {
            if (open is { Kind: OutgoingKind.InFlight } && answered.Answer is CommandRejected unavailable) ScheduleCreditRetry(transferId, answered.Attempt, unavailable.Detail);
            else _creditAttempts.Remove(transferId);
            return;
        }

        _creditAttempts.Remove(transferId);
        _pending = _pending.Apply(recorded);
        PersistAsync(recorded, _onOwnEventPersisted);
        // The credit is durable on the target: the transfer is complete, whether or not the settlement is written yet
        // (a restart before it is sends the credit again and gets the same answer). A return is answered once durable.
        if (recorded is TransferSettled settled)
            AnswerWaiters(transferId, Outcome(open!, TransferStatuses.Completed, [Leg(open!), new TransferLeg(settled.CreditEventId, open!.ToAccountId, "transfer_in")]));
    }

    private void ScheduleCreditRetry(string transferId, int attempt, string why)
    {
        var delay = TimeSpan.FromTicks(Math.Min(_transfers.MaxRetryDelay.Ticks, _transfers.FirstRetryDelay.Ticks << Math.Min(attempt - 1, 16)));
        _log.Warning("{0}: credit of transfer {1} unanswered ({2}); sending it again in {3}", PersistenceId, transferId, why, delay);
        Timers.StartSingleTimer(CreditTimer(transferId), new RetryCredit(transferId), delay);
    }

    /// <summary>The account's own events (a transfer's end, a hold's expiry): no request waits for their write.</summary>
    private void OnOwnEventPersisted(IAccountEvent @event)
    {
        var before = _durable;
        Durable(@event);
        TransferMetrics.Ended(@event);
        if (@event is TransferReturned returned)
        {
            var open = before.Outgoing[returned.TransferId];
            AnswerWaiters(returned.TransferId, Outcome(open, TransferStatuses.Failed,
                [Leg(open), new TransferLeg(returned.EventId, _durable.AccountId, "refund")], returned.Reason, returned.Detail));
        }
    }

    private void Expire()
    {
        // The timer can find nothing due: the hold it was armed for was posted or voided meanwhile.
        var expired = TransferRules.Expire(_pending, _settings.Clock(), Guid.CreateVersion7);
        if (expired.Count > 0)
        {
            _pending = _pending.ApplyAll(expired);
            PersistAllAsync(expired, _onOwnEventPersisted);
        }
        ScheduleExpiry();
    }

    private void ScheduleExpiry()
    {
        if (TransferRules.NextExpiry(_pending) is not { } next)
        {
            Timers.Cancel(ExpiryTimer);
            return;
        }
        var delay = next - _settings.Clock();
        Timers.StartSingleTimer(ExpiryTimer, ExpireHolds.Instance,
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay > LongestTimerDelay ? LongestTimerDelay : delay);
    }

    private void AnswerWaiters(string transferId, object outcome)
    {
        Timers.Cancel(AnswerTimer(transferId));
        if (!_transferWaiters.Remove(transferId, out var waiters)) return;
        foreach (var waiting in waiters) waiting.Reply(outcome);
    }

    /// <summary>The write path failed or the account stops: every transfer waited for is durable, and will end without us.</summary>
    private void AnswerTransferWaitersPending()
    {
        foreach (var transferId in _transferWaiters.Keys.ToList()) AnswerWaiters(transferId, OpenOutcome(transferId));
    }

    private TransferOutcome Outcome(OutgoingTransfer open, string status, IReadOnlyList<TransferLeg>? legs = null, string? reason = null,
        string? detail = null) =>
        new(open.TransferId, status, _durable.AccountId, open.ToAccountId, open.AmountMinorUnits, _durable.CurrencyCode,
            legs ?? (open.Kind == OutgoingKind.InFlight ? [Leg(open)] : []), reason, detail, open.ExpiresAt);

    /// <summary>The debit leg: the event that took the money off this balance.</summary>
    private TransferLeg Leg(OutgoingTransfer open) => new(open.EventId, _durable.AccountId, "transfer_out");

    private static string AnswerTimer(string transferId) => "answer:" + transferId;

    private static string CreditTimer(string transferId) => "credit:" + transferId;

    /// <summary>The messages the account sends itself about its transfers.</summary>
    private interface ITransferSignal;

    private sealed record CreditAnswered(string TransferId, int Attempt, object Answer) : ITransferSignal;

    private sealed record RetryCredit(string TransferId) : ITransferSignal;

    private sealed record AnswerPending(string TransferId) : ITransferSignal;

    private sealed record ExpireHolds : ITransferSignal
    {
        public static readonly ExpireHolds Instance = new();
    }

    /// <summary>A deferred answer: where the transfer stands once the writes before it are durable.</summary>
    private sealed record JoinTransfer(string TransferId);
}
