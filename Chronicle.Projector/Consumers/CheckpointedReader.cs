using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Chronicle.Domain;

namespace Chronicle.Projector.Consumers;

/// <summary>
/// One incarnation of a reader of the feed that keeps its own checkpoint (a projector partition, a webhook
/// endpoint's lane), under a backoff supervisor (<see cref="UnderBackoff"/>): it reads its checkpoint, places
/// its consumer right after it (<see cref="CheckpointedConsumer"/>) and runs, until anything goes wrong: it
/// could not start, its run ended or failed, its NATS connection dropped. Then it stops, and the supervisor
/// starts the next incarnation after a backoff, from the checkpoint then saved: one way to recover from
/// every failure, and nothing kept in memory that the checkpoint does not say.
/// </summary>
internal abstract class CheckpointedReader : ReceiveActor
{
    private readonly CancellationTokenSource _stopping = new();

    protected CheckpointedReader()
    {
        Receive<Started>(OnStarted);
        Receive<Status.Failure>(failure => GiveUp("could not start", failure.Cause));
        Receive<RunEnded>(ended => GiveUp("its run ended", ended.Cause));
        Receive<NatsDisconnected>(_ => GiveUp("NATS connection lost", null));
    }

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Cancelled when the incarnation stops.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    /// <summary>The placed consumer; null until the incarnation has started.</summary>
    protected CheckpointedConsumer? Consumer { get; private set; }

    /// <summary>What the log calls this reader: "projector partition 3", "webhook wh_…".</summary>
    protected abstract string Name { get; }

    /// <summary>The feed's NATS servers and the timeout of the consumer's connection.</summary>
    protected abstract (string Url, TimeSpan Timeout) Nats { get; }

    protected abstract ConsumerPlacement Placement { get; }

    protected abstract Task<ulong> ReadCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The stream's retention dropped messages after the checkpoint before this reader took them: make up for them (or say
    /// they are lost) and return the checkpoint to go on from, at least the one before the stream's first message.
    /// </summary>
    protected abstract Task<ulong> CatchUpAsync(CheckpointExpiredException expired, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the placed consumer from after <paramref name="checkpoint"/>; called on the actor's thread (it may
    /// materialise streams). The task's end, or its failure, ends the incarnation.
    /// </summary>
    protected abstract Task RunAsync(CheckpointedConsumer consumer, ulong checkpoint);

    /// <summary>The moment before the incarnation stops, for what must be cleaned up before the next one.</summary>
    protected virtual void OnGivingUp()
    {
    }

    /// <summary><paramref name="reader"/> under a backoff supervisor that starts it again whenever it stops.</summary>
    protected static Props UnderBackoff(Props reader, string childName, TimeSpan minBackoff, TimeSpan maxBackoff) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(reader, childName, minBackoff, maxBackoff, randomFactor: 0.2, maxNrOfRetries: -1)
                .WithAutoReset(maxBackoff)
                .WithDefaultStoppingStrategy());

    protected override void PreStart() =>
        StartAsync(_stopping.Token).PipeTo(Self, success: started => started, failure: e => new Status.Failure(e));

    private async Task<Started> StartAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await ReadCheckpointAsync(cancellationToken);
        try
        {
            return new Started(await PlaceAsync(checkpoint, cancellationToken), checkpoint);
        }
        catch (CheckpointExpiredException expired)
        {
            Log.Warning("{0}: {1}; catching up", Name, expired.Message);
            checkpoint = await CatchUpAsync(expired, cancellationToken);
            Invariant.Require(checkpoint + 1 >= expired.FirstSequence, "a catch-up ends at the stream's first message at least");
            // Once: should the stream drop more meanwhile, this start fails and the next catches up from where this one got.
            return new Started(await PlaceAsync(checkpoint, cancellationToken), checkpoint);
        }
    }

    private Task<CheckpointedConsumer> PlaceAsync(ulong checkpoint, CancellationToken cancellationToken) =>
        CheckpointedConsumer.StartAsync(Nats.Url, Nats.Timeout, Placement, checkpoint, Log, cancellationToken);

    private void OnStarted(Started started)
    {
        Consumer = started.Consumer;
        var self = Self;
        Consumer.Disconnected += () => self.Tell(NatsDisconnected.Instance);
        Log.Info("{0} resumes after stream sequence {1}", Name, started.Checkpoint);
        RunAsync(started.Consumer, started.Checkpoint).PipeTo(self, success: () => new RunEnded(null), failure: e => new RunEnded(e));
    }

    private void GiveUp(string why, Exception? cause)
    {
        OnGivingUp();
        if (cause is null) Log.Warning("{0} stops ({1}); restarting after a backoff", Name, why);
        else Log.Warning(cause, "{0} stops ({1}): {2}; restarting after a backoff", Name, why, cause.Message);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        // Fire and forget: PostStop cannot await, and nothing else uses this connection.
        Consumer?.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private sealed record Started(CheckpointedConsumer Consumer, ulong Checkpoint);

    private sealed record RunEnded(Exception? Cause);

    private sealed record NatsDisconnected
    {
        public static readonly NatsDisconnected Instance = new();
    }
}
