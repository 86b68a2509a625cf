using Akka.Actor;
using Akka.Event;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// The source account's side of its transfers: it records the transfer (the durable intent), sends the target what the
/// transfer waits for (<see cref="TargetSteps"/>: a credit, a hold's note, a hold's release), records the answer, and
/// answers the client. What each answer means is the domain's to decide; this part sends, waits, retries and replies.
///
/// One step at a time per transfer, each sent again until the target answers it (after a timeout, an "unavailable"
/// answer, or a restart: marked IsResend, so the target checks its durable record when its memory does not hold the
/// key: applied once however long it took). A hold's credit or release goes out only once the target has answered the
/// hold's note in this incarnation (<see cref="_notesAnswered"/>), so a note of an earlier incarnation still on its way
/// can never open a pending entry at the target after its end.
/// </summary>
internal sealed partial class AccountActor
{
    private const string ExpiryTimer = "expiry";

    /// <summary>Holds open longer than this are woken once a day to re-arm: the scheduler's delays are bounded.</summary>
    private static readonly TimeSpan LongestTimerDelay = TimeSpan.FromDays(1);

    /// <summary>The requests waiting for a transfer to end (or for the wait to run out), by transfer id.</summary>
    private readonly Dictionary<string, List<Waiting>> _transferWaiters = new(StringComparer.Ordinal);

    /// <summary>The sends of each transfer's current step so far: the latest is the one whose answer counts, and the count paces retries.</summary>
    private readonly Dictionary<string, int> _stepAttempts = new(StringComparer.Ordinal);

    /// <summary>The transfers whose step is on its way and unanswered: one at a time per transfer.</summary>
    private readonly HashSet<string> _stepsUnanswered = new(StringComparer.Ordinal);

    /// <summary>The holds whose note the target answered (took it, or refused) since this incarnation started.</summary>
    private readonly HashSet<string> _notesAnswered = new(StringComparer.Ordinal);

    /// <summary>Holds posted in this incarnation whose credit waits for the note's answer: that credit's first send is no resend.</summary>
    private readonly HashSet<string> _firstCreditDue = new(StringComparer.Ordinal);

    /// <summary>
    /// How transfers that ended stand while their end is not durable here yet: completed (the target's credit is durable, the
    /// settlement is being written), or ended here with the target's pending entry being released (a void, a returned post),
    /// whose waiting clients are answered once the target confirmed, or the wait ran out.
    /// </summary>
    private readonly Dictionary<string, TransferOutcome> _endedOutcomes = new(StringComparer.Ordinal);

    private void OnTransferSignal(ITransferSignal signal)
    {
        switch (signal)
        {
            case StepAnswered answered:
                OnStepAnswered(answered);
                break;
            case RetryStep retry:
                SendStep(retry.TransferId, first: false);
                break;
            case AnswerPending pending:
                AnswerWaiters(pending.TransferId, WaitedOutcome(pending.TransferId));
                break;
            case ExpireHolds:
                Expire();
                break;
            case WriteSettlements:
                WriteUnwrittenSettlements();
                break;
        }
    }

    /// <summary>Where a transfer stands while open; once ended, the read model has it.</summary>
    private void AnswerOpenTransfer(GetOpenTransfer get) => Sender.Tell(OpenOutcome(get.TransferId));

    /// <summary>
    /// Open: held or pending. Ended but not durably so here yet (<see cref="_endedOutcomes"/>): how it ended. After that, not
    /// open (the read model knows).
    /// </summary>
    private object OpenOutcome(string transferId) =>
        _endedOutcomes.TryGetValue(transferId, out var ended) ? ended
        : _durable.Outgoing.TryGetValue(transferId, out var open) && open.Kind != OutgoingKind.Releasing
            ? Outcome(open, open.Kind == OutgoingKind.Held ? TransferStatuses.Held : TransferStatuses.Pending)
            : new TransferNotOpen(transferId);

    /// <summary>What a request that waited its time out hears: a hold its target has not answered yet is not in place, but pending.</summary>
    private object WaitedOutcome(string transferId) =>
        _durable.Outgoing.TryGetValue(transferId, out var open) && open is { Kind: OutgoingKind.Held, PendingAtTarget: true }
                                                                && !_notesAnswered.Contains(transferId)
            ? Outcome(open, TransferStatuses.Pending)
            : OpenOutcome(transferId);

    /// <summary>After recovery: every transfer's step sent again (nothing of it is known answered), and the holds' expiry armed.</summary>
    private void ResumeOpenTransfers()
    {
        foreach (var transferId in _durable.Outgoing.Keys) SendStep(transferId, first: false);
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
        // A hold or an end its target has not answered yet, or in flight with no outcome yet: the request waits with the others.
        if (_transferWaiters.ContainsKey(transferId)
            || !_endedOutcomes.ContainsKey(transferId) && _durable.Outgoing.TryGetValue(transferId, out var open) && open.Kind == OutgoingKind.InFlight)
            Wait(transferId, waiting);
        else waiting.Reply(OpenOutcome(transferId) is TransferOutcome outcome ? outcome with { Replayed = true } : new TransferNotOpen(transferId));
    }

    /// <summary>A transfer, post, hold or void durable: the client hears once the target answered what it is sent now (or the wait ran out).</summary>
    private void SendAndWait(string transferId, Waiting waiting, bool first)
    {
        Wait(transferId, waiting);
        SendStep(transferId, first);
    }

    /// <summary>Parks a request until the transfer ends, or until the account's wait runs out (then: where it stands).</summary>
    private void Wait(string transferId, Waiting waiting)
    {
        if (!_transferWaiters.TryGetValue(transferId, out var waiters))
        {
            _transferWaiters[transferId] = waiters = [];
            Timers.StartSingleTimer(AnswerTimer(transferId), new AnswerPending(transferId), _settings.TransferAnswerWait);
        }
        waiters.Add(waiting);
    }

    /// <summary>
    /// Sends the step the transfer waits for (<see cref="TargetSteps.Next"/>), unless one is on its way already (its answer
    /// sends the next) or none is due.
    /// </summary>
    /// <param name="first">Right after the write that made the step due: nothing of it can have been sent before.</param>
    private void SendStep(string transferId, bool first)
    {
        if (_stepsUnanswered.Contains(transferId) || !_pending.Outgoing.TryGetValue(transferId, out var open)) return;
        if (TargetSteps.Next(_pending, open, _notesAnswered.Contains(transferId), first) is not { } step) return;
        var attempt = _stepAttempts.GetValueOrDefault(transferId) + 1;
        _stepAttempts[transferId] = attempt;
        _stepsUnanswered.Add(transferId);
        _accounts.Ask<object>(step, _transfers.StepTimeout).PipeTo(Self,
            success: answer => new StepAnswered(transferId, attempt, step, answer),
            failure: e => new StepAnswered(transferId, attempt, step, new CommandRejected(RejectionCode.Unavailable, e.Message)));
    }

    private void OnStepAnswered(StepAnswered answered)
    {
        var transferId = answered.TransferId;
        if (_stepAttempts.GetValueOrDefault(transferId) != answered.Attempt || !_stepsUnanswered.Remove(transferId)) return;
        if (answered.Answer is CommandRejected { Code: RejectionCode.Unavailable } unavailable)
        {
            if (_pending.Outgoing.ContainsKey(transferId)) ScheduleStepRetry(transferId, answered.Step, answered.Attempt, unavailable.Detail);
            return;
        }

        _stepAttempts.Remove(transferId);
        var open = _pending.Outgoing.GetValueOrDefault(transferId);
        if (answered.Step is OpenIncomingHold) _notesAnswered.Add(transferId);
        var recorded = TargetSteps.Answered(_pending, answered.Step, answered.Answer, _settings.Clock(), Guid.CreateVersion7());
        if (recorded is TransferSettled settlement) KeepUnwritten(settlement);
        else if (recorded is not null)
        {
            _ownWritesInFlight++;
            // A refusal carries the refused step's key (TargetSteps.Answered). Should the target have applied a copy of that step
            // meanwhile, the journal refuses this write and the account restarts and asks again.
            PersistAsync(Decided(recorded), _onOwnEventPersisted);
        }

        switch (recorded)
        {
            // The credit is durable on the target: the transfer is complete, whether or not the settlement is written yet
            // (a restart before it is sends the credit again and gets the same answer). A return is answered once durable.
            // Strong reads say so too until the settlement is durable (ForgetIfEnded): the client may ask at once.
            case TransferSettled settled:
                var completed = Outcome(open!, TransferStatuses.Completed, [Leg(open!), new TransferLeg(settled.CreditEventId, open!.ToAccountId, "transfer_in")]);
                _endedOutcomes[transferId] = completed;
                AnswerWaiters(transferId, completed);
                break;
            // The target's entry is gone (released, or there was none): the void or the returned post is over on both sides.
            case HoldReleaseConfirmed when _endedOutcomes.Remove(transferId, out var ended):
                AnswerWaiters(transferId, ended);
                break;
            // The target took the note: the hold is in place on both sides.
            case null when answered.Step is OpenIncomingHold && open is { Kind: OutgoingKind.Held }:
                AnswerWaiters(transferId, Outcome(open, TransferStatuses.Held));
                break;
        }
        // After a note, the credit of a posted hold or the release of an ended one, if one is due.
        if (recorded is null) SendStep(transferId, first: _firstCreditDue.Remove(transferId));
    }

    private void ScheduleStepRetry(string transferId, IAccountCommand step, int attempt, string why)
    {
        var delay = TimeSpan.FromTicks(Math.Min(_transfers.MaxRetryDelay.Ticks, _transfers.FirstRetryDelay.Ticks << Math.Min(attempt - 1, 16)));
        _log.Warning("{0}: {1} of transfer {2} unanswered ({3}); sending it again in {4}", PersistenceId, step.GetType().Name, transferId, why, delay);
        Timers.StartSingleTimer(StepTimer(transferId), new RetryStep(transferId), delay);
    }

    /// <summary>The account's own events (a transfer's end, a hold's expiry or refusal): no request waits for their write.</summary>
    private void OnOwnEventPersisted(ChainedEvent chained)
    {
        var @event = chained.Event;
        _ownWritesInFlight--;
        var before = _durable;
        Durable(chained);
        TransferMetrics.Ended(@event);
        ForgetEnded(@event);
        switch (@event)
        {
            case TransferReturned returned:
                var sent = before.Outgoing[returned.TransferId];
                EndedHere(returned.TransferId, Outcome(sent, TransferStatuses.Failed,
                    [Leg(sent), new TransferLeg(returned.EventId, _durable.AccountId, "refund")], returned.Reason, returned.Detail));
                break;
            case HoldRefused refused:
                AnswerWaiters(refused.TransferId, Outcome(before.Outgoing[refused.TransferId], TransferStatuses.Failed, [], refused.Reason, refused.Detail));
                break;
            case HoldReleased expired:
                SendStep(expired.TransferId, first: false);
                break;
        }
        StopIfStoppingAndAnswered();
    }

    /// <summary>
    /// A transfer ended here: its waiting clients hear <paramref name="outcome"/> now, or, while its target still holds it
    /// pending, once the target has released it (the release is sent now that the end is durable).
    /// </summary>
    private void EndedHere(string transferId, TransferOutcome outcome)
    {
        if (!_durable.Outgoing.ContainsKey(transferId))
        {
            AnswerWaiters(transferId, outcome);
            return;
        }
        _endedOutcomes[transferId] = outcome;
        SendStep(transferId, first: false);
    }

    private void Expire()
    {
        // The timer can find nothing due: the hold it was armed for was posted or voided meanwhile.
        var expired = TransferRules.Expire(_pending, _settings.Clock(), Guid.CreateVersion7);
        if (expired.Count > 0)
        {
            _ownWritesInFlight += expired.Count;
            var chained = new List<ChainedEvent>(expired.Count);
            foreach (var e in expired) chained.Add(Decided(e));
            PersistAllAsync(chained, _onOwnEventPersisted);
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
        foreach (var transferId in _transferWaiters.Keys.ToList()) AnswerWaiters(transferId, WaitedOutcome(transferId));
    }

    /// <summary>What this incarnation keeps of the transfers an event ended goes once they have ended on both sides.</summary>
    private void ForgetEnded(IAccountEvent @event)
    {
        foreach (var settled in Settlements.Of(@event)) ForgetIfEnded(settled.TransferId);
        var transferId = @event switch
        {
            TransferReturned e => e.TransferId,
            HoldReleased e => e.TransferId,
            HoldRefused e => e.TransferId,
            HoldReleaseConfirmed e => e.TransferId,
            _ => null,
        };
        if (transferId is not null) ForgetIfEnded(transferId);
    }

    private void ForgetIfEnded(string transferId)
    {
        if (_pending.Outgoing.ContainsKey(transferId)) return;
        _notesAnswered.Remove(transferId);
        _firstCreditDue.Remove(transferId);
        _stepAttempts.Remove(transferId);
        _endedOutcomes.Remove(transferId);
    }

    private TransferOutcome Outcome(OutgoingTransfer open, string status, IReadOnlyList<TransferLeg>? legs = null, string? reason = null,
        string? detail = null) =>
        new(open.TransferId, status, _durable.AccountId, open.ToAccountId, open.AmountMinorUnits, _durable.CurrencyCode,
            legs ?? (open.Kind == OutgoingKind.InFlight ? [Leg(open)] : []), reason, detail, open.ExpiresAt);

    /// <summary>The debit leg: the event that took the money off this balance.</summary>
    private TransferLeg Leg(OutgoingTransfer open) => new(open.EventId, _durable.AccountId, "transfer_out");

    private static string AnswerTimer(string transferId) => "answer:" + transferId;

    private static string StepTimer(string transferId) => "step:" + transferId;

    /// <summary>The messages the account sends itself about its transfers.</summary>
    private interface ITransferSignal;

    private sealed record StepAnswered(string TransferId, int Attempt, IAccountCommand Step, object Answer) : ITransferSignal;

    private sealed record RetryStep(string TransferId) : ITransferSignal;

    private sealed record AnswerPending(string TransferId) : ITransferSignal;

    private sealed record ExpireHolds : ITransferSignal
    {
        public static readonly ExpireHolds Instance = new();
    }

    private sealed record WriteSettlements : ITransferSignal
    {
        public static readonly WriteSettlements Instance = new();
    }

    /// <summary>A deferred answer: where the transfer stands once the writes before it are durable.</summary>
    private sealed record JoinTransfer(string TransferId);
}
