using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Chronicle.Actors.Pipeline;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Chain;
using Chronicle.Contracts.Transfers;
using Chronicle.Contracts.Ids;
using Chronicle.Contracts.Tracing;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Npgsql;

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
///
/// Idempotency keys live beside the state, in a bounded <see cref="IdempotencyMemory"/>; when it
/// cannot tell whether a key was used (it forgot keys for space, the account started from a snapshot,
/// a transfer step is sent again) the account asks the durable record (<see cref="KeyRecord"/>) and
/// holds its other commands until the answer is in, so commands are still decided in arrival order; the keys of the
/// commands held meanwhile are then asked in one query.
///
/// Every event it writes is linked into the account's hash chain (<see cref="EventChain"/>) when it is decided: the
/// actor holds the chain's head, from its last event or its snapshot, and nothing else writes to the account.
/// </summary>
internal sealed partial class AccountActor : UntypedPersistentActor, IWithTimers
{
    /// <summary>The unique index that makes the journal the durable record of keys (event-store.sql).</summary>
    private const string KeyIndexName = "journal_idempotency_tag_uq";

    private readonly AccountSettings _settings;
    private readonly TransferSettings _transfers;

    /// <summary>Every account, through the shard region: a transfer's credit goes to its target through it.</summary>
    private readonly IActorRef _accounts;

    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Everything the journal has confirmed; what snapshots and reads see.</summary>
    private AccountState _durable;

    /// <summary>_durable plus the events still being written; what new commands are decided against.</summary>
    private AccountState _pending;

    /// <summary>The hash of _durable's last event and of _pending's: the chain's head, null while no event has a hash.</summary>
    private string? _durableHead, _pendingHead;

    /// <summary>The keys this account used recently; what it cannot tell, <see cref="_record"/> can.</summary>
    private readonly IdempotencyMemory _keys;
    private readonly KeyRecord _record;

    /// <summary>
    /// The record's answers for the keys of queued commands (<see cref="LookUpAhead"/>): the earlier write, or null for a key
    /// never used. Each is taken by its command; a write under the key drops it. At most <see cref="KeyRecord.MaxKeysPerQuery"/>
    /// a query.
    /// </summary>
    private readonly Dictionary<string, RememberedWrite?> _lookedUp = new(StringComparer.Ordinal);


    /// <summary>Recovery started from a snapshot: the keys used before it come from the durable record.</summary>
    private bool _startedFromSnapshot;

    /// <summary>Commands whose reply waits for earlier writes, in the order their handlers will run.</summary>
    private readonly Queue<Waiting> _awaitingReply = new();

    /// <summary>The shard asked us to stop (<see cref="StopAccount"/>): we do once nobody awaits a reply and our own writes are durable.</summary>
    private bool _stopping;

    /// <summary>The account's own events (no request waits for them) handed to the journal and not confirmed yet.</summary>
    private int _ownWritesInFlight;

    /// <summary>The PersistAsync and DeferAsync handlers, built once: a method group would be a new delegate per command.</summary>
    private readonly Action<ChainedEvent> _onPersisted;
    private readonly Action<ChainedEvent> _onOwnEventPersisted;
    private readonly Action<object> _reply;

    public AccountActor(string accountId, AccountSettings settings, TransferSettings transfers, IActorRef accounts)
    {
        _settings = settings;
        _transfers = transfers;
        _accounts = accounts;
        _onPersisted = OnPersisted;
        _onOwnEventPersisted = OnOwnEventPersisted;
        _reply = Reply;
        PersistenceId = PersistenceIds.Account(accountId);
        _durable = _pending = AccountState.Initial(accountId);
        _keys = new IdempotencyMemory(settings.IdempotencyKeysInMemory, settings.IdempotencyRetention);
        _record = KeyRecord.For(Context.System);
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="accounts">Where a transfer's credit is sent: the account region (tests: a router, or nobody when no transfer runs).</param>
    public static Props Props(string accountId, AccountSettings settings, TransferSettings? transfers = null, IActorRef? accounts = null) =>
        Akka.Actor.Props.Create(() => new AccountActor(accountId, settings, transfers ?? new TransferSettings(), accounts ?? ActorRefs.Nobody));

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: ChainedState snapshot }:
                (_durable, _durableHead) = (snapshot.State, snapshot.Head);
                _startedFromSnapshot = true;
                break;
            case ChainedEvent chained:
                Recovered(chained.Event);
                _durableHead = chained.Hash;
                break;
            case IAccountEvent e:
                // Written before events carried a hash: the chain starts after it.
                Recovered(e);
                break;
            case RecoveryCompleted:
                Invariant.Require(_durable.Version == LastSequenceNr, $"{PersistenceId} recovered version {_durable.Version} at sequence {LastSequenceNr}");
                (_pending, _pendingHead) = (_durable, _durableHead);
                if (_startedFromSnapshot) RestoreKeys();
                ResumeOpenTransfers();
                break;
        }
    }

    private void Recovered(IAccountEvent e)
    {
        _durable = _durable.Apply(e);
        // From the journal's start, replay shows every key; after a snapshot, the restore below reads them all.
        if (!_startedFromSnapshot) Remember(e, _durable.Version);
    }

    /// <summary>
    /// Reads the keys used within the retention back from the durable record, holding every command
    /// until they are in. Should the record not answer, memory knows it holds nothing before now and
    /// every keyed command asks the record itself.
    /// </summary>
    private void RestoreKeys()
    {
        var since = _settings.Clock() - _keys.Retention;
        _record.RecentAsync(_durable.AccountId, _durable.Version, since, _keys.Capacity, CancellationToken.None)
            .PipeTo(Self, success: recent => new KeysRestored(recent, since, null), failure: e => new KeysRestored(null, since, e));
        BecomeStacked(message =>
        {
            if (message is not KeysRestored restored)
            {
                Stash.Stash();
                return;
            }

            if (restored.Recent is { } recent) _keys.Restore(recent.OldestFirst, restored.Since, recent.Complete);
            else
            {
                _log.Warning(restored.Failure, "{0}: keys not restored from the event store; keyed writes will ask it", PersistenceId);
                _keys.MissingUpTo(_durable.LastUpdated);
            }

            UnbecomeStacked();
            Stash.UnstashAll();
        });
    }

    private void Remember(IAccountEvent @event, long version)
    {
        if (RememberedWrite.Of(@event, version) is not { } write) return;
        _keys.Remember(@event.Idempotency!.Key, write);
        // The record's answer for this key predates this write.
        _lookedUp.Remove(@event.Idempotency.Key);
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case IAccountCommand command:
                Handle(command, Sender, null);
                PassivateIfNonexistent();
                break;
            case TracedCommand traced:
                Handle(traced.Command, Sender, AccountTracing.StartCommand(traced, AccountMetrics.NameOf(traced.Command)));
                PassivateIfNonexistent();
                break;
            case GetAccountState:
                // Strong read: the durable state already holds every acknowledged write, and, once they are written, the
                // settlements of the transfers already answered completed.
                if (WriteUnwrittenSettlements()) DeferAsync(Sender, sender => sender.Tell(new AccountStateReply(_durable)));
                else Sender.Tell(new AccountStateReply(_durable));
                PassivateIfNonexistent();
                break;
            case ITransferSignal signal:
                OnTransferSignal(signal);
                break;
            case GetOpenTransfer get:
                AnswerOpenTransfer(get);
                break;
            case ResumeTransfers:
                // Woken by the recovery scan: recovery has sent every open transfer's step again and armed the expiries.
                break;
            case StopAccount:
                _stopping = true;
                WriteUnwrittenSettlements();
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

    /// <summary>Replays a retry, asks the durable record when memory cannot tell, or decides the command.</summary>
    /// <param name="span">The command's span (<see cref="AccountTracing"/>), ended with its answer; null when untraced.</param>
    private void Handle(IAccountCommand command, IActorRef sender, Activity? span)
    {
        // A hold's note for a hold held here already: the state says so, neither memory nor the journal is asked.
        if (IncomingHoldRules.FromState(_pending, command) is { } known)
        {
            Conclude(command, sender, known, span);
            return;
        }

        if (ReadsOpenTransfers(command)) WriteUnwrittenSettlements();
        var now = _settings.Clock();
        if (command.IdempotencyKey is { } key)
        {
            var recall = _keys.Recall(key, now);
            if (recall == Recall.Remembered)
            {
                Conclude(command, sender, AccountDecider.Replay(command, _keys.Find(key)!, _pending.CurrencyCode), span);
                return;
            }

            if (recall == Recall.Unknown || command.IsResend)
            {
                if (_lookedUp.Remove(key, out var earlier))
                {
                    var decision = earlier is null
                        ? AccountDecider.Decide(_pending, command, now, Guid.CreateVersion7())
                        : AccountDecider.Replay(command, earlier, _pending.CurrencyCode);
                    Conclude(command, sender, decision, span);
                    return;
                }

                LookUp(command, sender, key, span);
                return;
            }
        }

        Conclude(command, sender, AccountDecider.Decide(_pending, command, now, Guid.CreateVersion7()), span);
    }

    /// <summary>
    /// Asks the durable record about <paramref name="key"/> and decides <paramref name="command"/> by its
    /// answer; every other message waits, so commands are still decided in the order they came. The keys of the
    /// commands that queue meanwhile and will ask the record too are then asked together (<see cref="LookUpAhead"/>):
    /// an account past its memory pays one query per queue, not one per command.
    /// </summary>
    private void LookUp(IAccountCommand command, IActorRef sender, string key, Activity? span)
    {
        AskRecord([key]);
        var ahead = new HashSet<string>(StringComparer.Ordinal);
        BecomeStacked(message =>
        {
            if (message is not KeysLookedUp answer)
            {
                if (ahead.Count < KeyRecord.MaxKeysPerQuery && AsksTheRecord(message) is { } next) ahead.Add(next);
                Stash.Stash();
                return;
            }

            UnbecomeStacked();
            if (answer.Failure is not null) _log.Warning(answer.Failure, "{0}: idempotency key lookup failed", PersistenceId);
            var decision = answer switch
            {
                { Failure: not null } => new Decision.Answer(KeyUnknown),
                _ when answer.Found!.TryGetValue(key, out var earlier) => AccountDecider.Replay(command, earlier, _pending.CurrencyCode),
                _ => AccountDecider.Decide(_pending, command, _settings.Clock(), Guid.CreateVersion7()),
            };
            Conclude(command, sender, decision, span);
            // A command queued under the same key is decided against this one's write, which the record has not yet.
            ahead.Remove(key);
            if (ahead.Count > 0) LookUpAhead(ahead);
            else Stash.UnstashAll();
            PassivateIfNonexistent();
        });
    }

    /// <summary>
    /// Asks the record about the keys of queued commands (<paramref name="keys"/>) in one query, holding every message until
    /// the answer is in; each command then takes its key's answer from <see cref="_lookedUp"/>. Should the query fail, each
    /// asks again on its own.
    /// </summary>
    private void LookUpAhead(HashSet<string> keys)
    {
        AskRecord(keys);
        BecomeStacked(message =>
        {
            if (message is not KeysLookedUp answer)
            {
                Stash.Stash();
                return;
            }

            UnbecomeStacked();
            if (answer.Failure is not null) _log.Warning(answer.Failure, "{0}: idempotency keys lookup failed; each command asks again", PersistenceId);
            else foreach (var key in keys) _lookedUp[key] = answer.Found!.GetValueOrDefault(key);
            Stash.UnstashAll();
        });
    }

    private void AskRecord(IReadOnlyCollection<string> keys) =>
        _record.FindAsync(keys, CancellationToken.None)
            .PipeTo(Self, success: found => new KeysLookedUp(found, null), failure: e => new KeysLookedUp(null, e));

    /// <summary>The key a queued message will ask the record about, if it will: a keyed command that memory cannot answer.</summary>
    private string? AsksTheRecord(object message)
    {
        var command = message switch
        {
            IAccountCommand c => c,
            TracedCommand traced => traced.Command,
            _ => null,
        };
        if (command?.IdempotencyKey is not { } key || _lookedUp.ContainsKey(key)) return null;
        // As Handle decides: memory first, then the record for what memory cannot tell and for every step sent again.
        var recall = _keys.Recall(key, _settings.Clock());
        return recall == Recall.Unknown || (recall == Recall.New && command.IsResend) ? key : null;
    }

    private void Conclude(IAccountCommand command, IActorRef sender, Decision decision, Activity? span)
    {
        decision = JoinIfRepeated(command, decision);
        var waiting = new Waiting(sender, command, AccountMetrics.NameOf(command), Stopwatch.GetTimestamp(), span, null);
        switch (decision)
        {
            case Decision.Record(var decided):
                var @event = CarryingUnwrittenSettlements(decided);
                var write = AccountTracing.StartWrite(span, @event, _pending.Version + 1);
                _awaitingReply.Enqueue(waiting with { WriteSpan = write });
                PersistAsync(Decided(@event, TraceContext.Of(write)), _onPersisted);
                break;
            case Decision.Answer(var reply):
                _awaitingReply.Enqueue(waiting);
                DeferAsync(reply, _reply);
                break;
        }
    }

    /// <summary>
    /// Folds a decided event into _pending, remembers its key if it has one (a client's, or a refused step's), and links it to
    /// the chain's head: what goes to the journal, with the context of its traced write (<paramref name="traceParent"/>).
    /// </summary>
    private ChainedEvent Decided(IAccountEvent @event, string? traceParent = null)
    {
        _pending = _pending.Apply(@event);
        Remember(@event, _pending.Version);
        var chained = EventChain.Seal(@event, _pendingHead, PersistenceId, _pending.Version, traceParent);
        _pendingHead = chained.Hash;
        return chained;
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
        var waiting = _awaitingReply.Dequeue();
        if (answer is JoinTransfer join) Join(waiting, join.TransferId);
        else waiting.Reply(answer);
        StopIfStoppingAndAnswered();
    }

    private void StopIfStoppingAndAnswered()
    {
        // Its own writes too (a transfer's settlement, a hold's end): an incarnation that starts elsewhere before they are
        // durable would not see them, and would tell a completed transfer as still pending.
        if (!_stopping || _awaitingReply.Count != 0 || _ownWritesInFlight != 0) return;
        AnswerTransferWaitersPending();
        Context.Stop(Self);
    }

    /// <summary>A command's event is durable: answer it (a transfer's, once its outcome is known).</summary>
    private void OnPersisted(ChainedEvent chained)
    {
        var @event = chained.Event;
        var before = _durable;
        Durable(chained);
        var waiting = _awaitingReply.Dequeue();
        AccountMetrics.Persisted(waiting.StartedAt);
        TraceContext.Stop(waiting.WriteSpan);
        switch (@event)
        {
            case TransferSent sent:
                // The settlements it carried (AccountActor.Settlements) are durable with it.
                TransferMetrics.Ended(sent);
                ForgetEnded(sent);
                SendAndWait(sent.TransferId, waiting, first: true);
                break;
            case HoldPosted posted:
                // A hold whose note this incarnation has not had answered: the note goes first, then this credit, as its first send.
                var noteFirst = _durable.Outgoing[posted.TransferId].PendingAtTarget && !_notesAnswered.Contains(posted.TransferId);
                if (noteFirst) _firstCreditDue.Add(posted.TransferId);
                SendAndWait(posted.TransferId, waiting, first: !noteFirst);
                break;
            case TransferHeld held:
                SendAndWait(held.TransferId, waiting, first: true);
                ScheduleExpiry();
                break;
            case HoldReleased voided:
                Wait(voided.TransferId, waiting);
                EndedHere(voided.TransferId, Outcome(before.Outgoing[voided.TransferId], TransferStatuses.Voided));
                ForgetEnded(voided);
                break;
            default:
                waiting.Reply(new WriteAccepted(_durable.AccountId, @event.EventId, _durable.Version, _durable.BalanceMinorUnits, _durable.CurrencyCode, Replayed: false));
                break;
        }
        StopIfStoppingAndAnswered();
    }

    /// <summary>Folds a durable event and keeps the snapshot rhythm; a snapshot carries the chain's head.</summary>
    private void Durable(ChainedEvent chained)
    {
        (_durable, _durableHead) = (_durable.Apply(chained.Event), chained.Hash);
        Invariant.Require(_durable.Version == LastSequenceNr, $"{PersistenceId} at version {_durable.Version} persisted sequence {LastSequenceNr}");
        if (_durable.Version % _settings.SnapshotEveryEvents == 0) SaveSnapshot(new ChainedState(_durable, _durableHead));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The journal did not confirm: the write may or may not be there (a commit can succeed
        // and its acknowledgement be lost). Tell every waiting client so, then stop (Akka stops us
        // after this returns) and recover from the journal on the next message.
        _log.Error(cause, "journal write of {0} #{1} failed; stopping", PersistenceId, sequenceNr);
        if (IsKeyAlreadyUsed(cause)) AnswerFromRecord();
        else FailEveryoneWaiting();
        AnswerTransferWaitersPending();
    }

    /// <summary>
    /// The write was refused because an event of the batch carries a key the journal already holds: a key
    /// used on another account, or past this account's retention. Nothing of the batch was written; every
    /// keyed command gets the answer its key's earlier write calls for (the same again, or refused), the
    /// others are told to retry. The actor is stopping: the answers go straight to the senders.
    /// </summary>
    private void AnswerFromRecord()
    {
        var currencyCode = _pending.CurrencyCode;
        while (_awaitingReply.TryDequeue(out var waiting))
        {
            if (waiting.Command.IdempotencyKey is not { } key)
            {
                waiting.Reply(WriteUnconfirmed);
                continue;
            }

            var command = waiting.Command;
            _record.FindAsync([key], CancellationToken.None).ContinueWith(found => waiting.Reply(
                found.IsCompletedSuccessfully && found.Result.TryGetValue(key, out var earlier) && JoinIfRepeated(command, AccountDecider.Replay(command, earlier, currencyCode)) is Decision.Answer answer
                    // A stopping account cannot wait for a transfer: where it stands is the read model's to say.
                    ? answer.Reply is JoinTransfer join ? new TransferNotOpen(join.TransferId) : answer.Reply
                    : WriteUnconfirmed), TaskScheduler.Default);
        }
    }

    private static bool IsKeyAlreadyUsed(Exception? cause)
    {
        for (; cause is not null; cause = cause.InnerException)
            if (cause is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: KeyIndexName }) return true;
        return false;
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // Rejected before reaching the database (e.g. serialization): _pending already counts the
        // event, so the only safe state is the journal's. Stop and recover.
        _log.Error(cause, "journal rejected {0} #{1}; stopping", PersistenceId, sequenceNr);
        FailEveryoneWaiting();
        AnswerTransferWaitersPending();
        Context.Stop(Self);
    }

    private void FailEveryoneWaiting()
    {
        while (_awaitingReply.TryDequeue(out var waiting)) waiting.Reply(WriteUnconfirmed);
    }

    private static readonly CommandRejected WriteUnconfirmed =
        new(RejectionCode.Unavailable, "the event store did not confirm the write; retry with the same Idempotency-Key");

    private static readonly CommandRejected KeyUnknown =
        new(RejectionCode.Unavailable, "the event store did not say whether this Idempotency-Key was used; retry with the same key");

    /// <summary>A value, not an object: one is queued per command.</summary>
    /// <param name="StartedAt">When the command was decided (<see cref="Stopwatch.GetTimestamp"/>): the start of its write.</param>
    /// <param name="Span">The command's span, ended with its answer; <paramref name="WriteSpan"/> its event's journal write, ended once durable.</param>
    private readonly record struct Waiting(IActorRef Sender, IAccountCommand Command, string CommandName, long StartedAt, Activity? Span, Activity? WriteSpan)
    {
        /// <summary>Answers the command, and counts its outcome.</summary>
        public void Reply(object reply)
        {
            AccountMetrics.Answered(CommandName, reply);
            // A write that failed ends here, unconfirmed (a span already stopped is left as it was).
            TraceContext.Stop(WriteSpan, ActivityStatusCode.Error, "unconfirmed");
            AccountTracing.Answered(Span, reply);
            Sender.Tell(reply);
        }
    }

    /// <summary>The durable record's answer about keys: the earlier writes of those used (the others were not), or a failure.</summary>
    private sealed record KeysLookedUp(Dictionary<string, RememberedWrite>? Found, Exception? Failure);

    /// <summary>The durable record's keys after a start from a snapshot, or its failure.</summary>
    private sealed record KeysRestored(RecentKeys? Recent, DateTimeOffset Since, Exception? Failure);
}
