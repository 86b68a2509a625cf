using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Ids;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Actors.Accounts;

/// <summary>
/// One bank account: a persistent actor whose journal is the account's event stream.
///
/// Commands are decided against <c>_pending</c>, the state including writes still in flight,
/// and persisted with PersistAsync. While one write is in the journal, the commands queued
/// behind it are decided in order and Akka batches their events into the next journal write,
/// so a busy account is not limited to one database round trip per command. Every reply,
/// refusals included, is sent only once everything decided before it is durable (DeferAsync),
/// so no client ever sees a state the journal could still lose.
///
/// Two incarnations of one account (a split brain) cannot both commit: the journal's unique
/// (persistence_id, sequence_number) key refuses the second write and this actor stops
/// without answering success.
/// </summary>
public sealed class AccountActor : UntypedPersistentActor
{
    private readonly AccountSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Everything the journal has confirmed; what snapshots and reads see.</summary>
    private AccountState _durable;

    /// <summary>_durable plus the events still being written; what new commands are decided against.</summary>
    private AccountState _pending;

    /// <summary>Commands whose reply waits for earlier writes, in the order their handlers will run.</summary>
    private readonly Queue<Waiting> _awaitingReply = new();

    /// <summary>The shard asked us to stop (<see cref="StopAccount"/>): we do once nobody awaits a reply.</summary>
    private bool _stopping;

    /// <summary>The PersistAsync and DeferAsync handlers, built once: a method group would be a new delegate per command.</summary>
    private readonly Action<IAccountEvent> _onPersisted;
    private readonly Action<object> _reply;

    public AccountActor(string accountId, AccountSettings settings)
    {
        _settings = settings;
        _onPersisted = OnPersisted;
        _reply = Reply;
        PersistenceId = PersistenceIds.Account(accountId);
        _durable = _pending = AccountState.Initial(accountId);
    }

    public override string PersistenceId { get; }

    public static Props Props(string accountId, AccountSettings settings) =>
        Akka.Actor.Props.Create(() => new AccountActor(accountId, settings));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: AccountState snapshot }:
                _durable = snapshot;
                break;
            case IAccountEvent e:
                _durable = _durable.Apply(e);
                break;
            case RecoveryCompleted:
                Invariant.Require(_durable.Version == LastSequenceNr, $"{PersistenceId} recovered version {_durable.Version} at sequence {LastSequenceNr}");
                _pending = _durable;
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case IAccountCommand command:
                Handle(command);
                PassivateIfNonexistent();
                break;
            case GetAccountState:
                // Strong read: the durable state already holds every acknowledged write.
                Sender.Tell(new AccountStateReply(_durable));
                PassivateIfNonexistent();
                break;
            case StopAccount:
                _stopping = true;
                StopIfStoppingAndAnswered();
                break;
            case SaveSnapshotSuccess or SaveSnapshotFailure:
                if (message is SaveSnapshotFailure failure) _log.Warning(failure.Cause, "snapshot of {0} failed", PersistenceId);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Handle(IAccountCommand command)
    {
        var decision = AccountDecider.Decide(_pending, command, _settings.Clock(), Guid.CreateVersion7());
        _awaitingReply.Enqueue(new Waiting(Sender, AccountMetrics.NameOf(command), Stopwatch.GetTimestamp()));
        switch (decision)
        {
            case Decision.Record(var @event):
                _pending = _pending.Apply(@event);
                PersistAsync(@event, _onPersisted);
                break;
            case Decision.Answer(var reply):
                DeferAsync(reply, _reply);
                break;
        }
    }

    /// <summary>
    /// An id that names no account (a typo, a probe, hostile input) should not hold memory until the
    /// idle timeout: ask the shard to stop us at once. Messages that arrive meanwhile are buffered
    /// by the shard and start a fresh incarnation.
    /// </summary>
    private void PassivateIfNonexistent()
    {
        if (!_pending.Exists) Context.Parent.Tell(new Passivate(StopAccount.Instance));
    }

    /// <summary>Answers the longest-waiting sender; the last answer owed lets a requested stop happen.</summary>
    private void Reply(object answer)
    {
        _awaitingReply.Dequeue().Reply(answer);
        StopIfStoppingAndAnswered();
    }

    private void StopIfStoppingAndAnswered()
    {
        if (_stopping && _awaitingReply.Count == 0) Context.Stop(Self);
    }

    private void OnPersisted(IAccountEvent @event)
    {
        _durable = _durable.Apply(@event);
        Invariant.Require(_durable.Version == LastSequenceNr, $"{PersistenceId} at version {_durable.Version} persisted sequence {LastSequenceNr}");
        AccountMetrics.Persisted(_awaitingReply.Peek().StartedAt);
        if (_durable.Version % _settings.SnapshotEveryEvents == 0) SaveSnapshot(_durable);
        Reply(new WriteAccepted(_durable.AccountId, @event.EventId, _durable.Version, _durable.BalanceMinorUnits, _durable.CurrencyCode, Replayed: false));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The journal did not confirm: the write may or may not be there (a commit can succeed
        // and its acknowledgement be lost). Tell every waiting client so, then stop (Akka stops us
        // after this returns) and recover from the journal on the next message.
        _log.Error(cause, "journal write of {0} #{1} failed; stopping", PersistenceId, sequenceNr);
        FailEveryoneWaiting();
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // Rejected before reaching the database (e.g. serialization): _pending already counts the
        // event, so the only safe state is the journal's. Stop and recover.
        _log.Error(cause, "journal rejected {0} #{1}; stopping", PersistenceId, sequenceNr);
        FailEveryoneWaiting();
        Context.Stop(Self);
    }

    private void FailEveryoneWaiting()
    {
        while (_awaitingReply.TryDequeue(out var waiting))
            waiting.Reply(new CommandRejected(RejectionCode.Unavailable,
                "the event store did not confirm the write; retry with the same Idempotency-Key"));
    }

    /// <summary>A value, not an object: one is queued per command.</summary>
    /// <param name="StartedAt">When the command was decided (<see cref="Stopwatch.GetTimestamp"/>): the start of its write.</param>
    private readonly record struct Waiting(IActorRef Sender, string Command, long StartedAt)
    {
        /// <summary>Answers the command, and counts its outcome.</summary>
        public void Reply(object reply)
        {
            AccountMetrics.Answered(Command, reply);
            Sender.Tell(reply);
        }
    }
}
