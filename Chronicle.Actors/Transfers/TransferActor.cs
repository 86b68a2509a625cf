using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// One transfer: a persistent saga that moves money between two accounts exactly once or not at all.
/// Steps: debit the source → credit the target → completed; when the target refuses the credit
/// (missing, frozen, closed, other currency) → refund the source → failed. What each request and
/// each answer means is <see cref="TransferDecider"/>'s to decide; this actor asks the accounts,
/// persists what the decider says and folds it.
///
/// Every account command is idempotent under (transfer id, step), so after a crash the saga simply
/// re-sends the step its state says is next and the account applies it at most once. Each step is
/// recorded in the saga's journal, but only the request (before the debit) and the refund decision
/// (before the refund: once refunded, the credit must never be tried again) are waited for. That the
/// debit happened is persisted while the credit is already on its way, and the outcome while the
/// client already has its answer: a saga that restarts before those writes land re-sends the
/// idempotent step, gets the same answer, and persists the same event. Two journal round trips
/// fewer on every transfer's path, the difference between a saga bound by database latency and one
/// bound by the accounts.
///
/// Crash recovery needs no client: <see cref="TransferRecovery"/> finds, in the journal, the sagas
/// that were started and never finished and sends each a <see cref="ResumeTransfer"/>; recovery then
/// calls <see cref="Advance"/>. (Remembered entities would do the same at the price of two more
/// journal writes per transfer, one of them before the saga may even start.)
/// </summary>
internal sealed class TransferActor : UntypedPersistentActor, IWithTimers
{
    private const string RetryTimer = "retry";

    private readonly IActorRef _accounts;
    private readonly TransferSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _waiting = [];
    private TransferState _state;
    private TransferStep _inFlight = TransferStep.None;
    private int _attempt;

    /// <summary>
    /// The due step may have been sent before: by an earlier incarnation (this one recovered it from the
    /// journal), or by this one (it timed out, or was answered "unavailable"). False only between this
    /// incarnation recording the event that made the step due and sending it once (<see cref="IAccountCommand.IsResend"/>).
    /// </summary>
    private bool _dueStepMayHaveBeenSent;

    public TransferActor(string transferId, IActorRef accounts, TransferSettings settings)
    {
        _accounts = accounts;
        _settings = settings;
        _state = TransferState.Initial(transferId);
        PersistenceId = PersistenceIds.Transfer(transferId);
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A saga is a handful of events and never snapshots: recovery skips the snapshot-store query.</summary>
    public override Recovery Recovery => new(SnapshotSelectionCriteria.None);

    public static Props Props(string transferId, IActorRef accounts, TransferSettings settings) =>
        Akka.Actor.Props.Create(() => new TransferActor(transferId, accounts, settings));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case ITransferEvent e:
                _state = _state.Apply(e);
                _dueStepMayHaveBeenSent = true;
                break;
            case RecoveryCompleted:
                Advance();
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case StartTransfer start:
                Start(start);
                break;
            case GetTransfer:
                Sender.Tell(new TransferStateReply(_state));
                if (!_state.Exists) Passivate();
                break;
            case StepAnswered answered when answered.Step == _inFlight:
                _inFlight = TransferStep.None;
                Carry(TransferDecider.Answered(_state, answered.Step, StepAnswer.Of(answered.Answer), _settings.Clock()));
                break;
            case StepAnswered stale:
                _log.Debug("transfer {0}: ignoring a late answer to {1}", _state.TransferId, stale.Step);
                break;
            case ResumeTransfer:
                // Nothing to resume for a transfer that was never started (recovery found no events).
                if (!_state.Exists) Passivate();
                else Advance();
                break;
            case RetryStep:
                Advance();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Start(StartTransfer start)
    {
        var decision = TransferDecider.Start(_state, start, _settings.Clock());
        // Every request but a refused one is answered when the transfer has finished.
        if (decision is not TransferDecision.Refuse) _waiting.Add(Sender);
        Carry(decision);
    }

    /// <summary>Does what <see cref="TransferDecider"/> decided; the choosing is all there.</summary>
    private void Carry(TransferDecision decision)
    {
        switch (decision)
        {
            case TransferDecision.Record { Then: AfterRecord.WaitForWrite } record:
                Persist(record.Event, Applied);
                break;
            case TransferDecision.Record { Then: AfterRecord.NextStepNow } record:
                _state = _state.Apply(record.Event);
                _attempt = 0;
                _dueStepMayHaveBeenSent = false;
                PersistAsync(record.Event, _ => { });
                Advance();
                break;
            case TransferDecision.Record { Then: AfterRecord.AnswerNow } record:
                // Should this node die before the outcome is persisted, the restarted saga re-sends the steps
                // it has no record of, gets the same answers and persists the same outcome.
                AnswerWaiting(_state.Apply(record.Event));
                Persist(record.Event, Applied);
                break;
            case TransferDecision.Retry retry:
                if (retry.RefundRefused)
                    _log.Error("transfer {0}: refund to {1} refused ({2}); retrying", _state.TransferId, _state.FromAccountId, retry.Detail);
                RetryLater(retry.Detail);
                break;
            case TransferDecision.Join:
                Advance();
                break;
            case TransferDecision.Refuse refuse:
                Sender.Tell(refuse.Rejection);
                break;
            default:
                throw new InvalidOperationException($"unknown transfer decision {decision.GetType().Name}");
        }
    }

    private void Applied(ITransferEvent @event)
    {
        _state = _state.Apply(@event);
        TransferMetrics.Ended(@event);
        _attempt = 0;
        _dueStepMayHaveBeenSent = false;
        Advance();
    }

    /// <summary>Sends the next step if one is due and none is in flight; once finished, answers everyone waiting.</summary>
    private void Advance()
    {
        if (_state.IsFinished)
        {
            AnswerWaiting(_state);
            Passivate();
            return;
        }

        // A saga that was never started (recovering ahead of its StartTransfer) has nothing to do yet.
        if (!_state.Exists) return;

        if (_inFlight != TransferStep.None || Timers.IsTimerActive(RetryTimer)) return;
        var step = _state.NextStep;
        var command = TransferDecider.StepCommand(_state, isResend: _dueStepMayHaveBeenSent);
        _dueStepMayHaveBeenSent = true;
        _inFlight = step;
        _accounts.Ask<object>(command, _settings.StepTimeout).PipeTo(Self,
            success: answer => new StepAnswered(step, answer),
            failure: e => new StepAnswered(step, new CommandRejected(RejectionCode.Unavailable, e.Message)));
    }

    private void AnswerWaiting(TransferState finished)
    {
        foreach (var waiting in _waiting) waiting.Tell(new TransferStateReply(finished));
        _waiting.Clear();
    }

    private void RetryLater(string why)
    {
        var step = _state.NextStep;
        var delay = TimeSpan.FromTicks(Math.Min(_settings.MaxRetryDelay.Ticks, _settings.FirstRetryDelay.Ticks << Math.Min(_attempt, 16)));
        _attempt++;
        _log.Warning("transfer {0}: {1} unavailable ({2}); retry {3} in {4}", _state.TransferId, step, why, _attempt, delay);
        Timers.StartSingleTimer(RetryTimer, RetryStep.Instance, delay);
    }

    /// <summary>A finished (or never started) saga leaves memory and the shard's remembered entities.</summary>
    private void Passivate() => Context.Parent.Tell(new Passivate(PoisonPill.Instance));

    private sealed record StepAnswered(TransferStep Step, object Answer);

    private sealed record RetryStep
    {
        public static readonly RetryStep Instance = new();
    }
}
