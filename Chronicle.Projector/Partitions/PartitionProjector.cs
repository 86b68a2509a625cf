using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using Akka.Streams;
using Akka.Streams.Dsl;
using Chronicle.Projector.Consumers;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;
using NATS.Client.JetStream;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// Projects one partition of the feed into the read model. Each incarnation:
/// <list type="number">
/// <item>reads the partition's checkpoint (the node migrated the read model's schema at start);</item>
/// <item>places the partition's durable pull consumer right after that checkpoint;</item>
/// <item>runs consume → batch → apply (one transaction with the checkpoint) → acknowledge. Batches
///   form from what arrived while the previous one was being applied, never by waiting.</item>
/// </list>
/// A poison event does not stop it: the applier quarantines it (<see cref="BatchApplier"/>). Any
/// failure (read model down, NATS gone) stops the incarnation and
/// the backoff supervisor starts the next, which resumes from the committed checkpoint: nothing is
/// lost, and what is delivered again is skipped by the entity versions.
/// </summary>
internal sealed class PartitionProjector : ReceiveActor
{
    private readonly int _partition;
    private readonly ProjectorOptions _options;
    private readonly ReadModelStore _store;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private CheckpointedConsumer? _consumer;
    private PartitionStatus _status;

    public PartitionProjector(int partition, ProjectorOptions options, ReadModelStore store)
    {
        _partition = partition;
        _options = options;
        _store = store;
        _status = new PartitionStatus(partition, false, 0, 0, null, null, 0, 0);
        Receive<Started>(OnStarted);
        Receive<BatchResult>(OnApplied);
        ReceiveAsync<GetPartitionStatus>(async _ => Sender.Tell(await StatusAsync()));
        Receive<Status.Failure>(failure => GiveUp("could not start", failure.Cause));
        Receive<StreamEnded>(ended => GiveUp("stream ended", ended.Cause));
        Receive<NatsDisconnected>(_ => GiveUp("NATS connection lost", null));
    }

    /// <summary>Partition <paramref name="partition"/> under a backoff supervisor that restarts it whenever it stops.</summary>
    public static Props Props(int partition, ProjectorOptions options, ReadModelStore store) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(Akka.Actor.Props.Create(() => new PartitionProjector(partition, options, store)), "projector",
                    options.MinBackoff, options.MaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1)
                .WithAutoReset(options.MaxBackoff)
                .WithDefaultStoppingStrategy());

    protected override void PreStart() =>
        StartAsync(_stopping.Token).PipeTo(Self, success: started => started, failure: e => new Status.Failure(e));

    private async Task<Started> StartAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await _store.ReadCheckpointAsync(_partition, cancellationToken);
        var consumer = await CheckpointedConsumer.StartAsync(_options.NatsUrl, _options.NatsTimeout, _options.PlacementOf(_partition), checkpoint, _log,
            cancellationToken);
        return new Started(consumer, checkpoint);
    }

    private void OnStarted(Started started)
    {
        _consumer = started.Consumer;
        var self = Self;
        _consumer.Disconnected += () => self.Tell(NatsDisconnected.Instance);
        _status = _status with { Running = true, StreamSequence = started.Checkpoint };
        _log.Info("projector partition {0} resumes after stream sequence {1}", _partition, started.Checkpoint);

        var consumer = _consumer;
        var token = _stopping.Token;
        var decoder = new FeedEventDecoder();
        var materializer = Context.Materializer();
        var applier = new BatchApplier(_partition, _store, new JournalEvents(Context.System, materializer), _log);
        Source.From(() => consumer.ConsumeAsync(_options.MaxBatchEvents, token))
            .Batch(_options.MaxBatchEvents, first => new List<INatsJSMsg<byte[]>> { first }, (batch, next) =>
            {
                batch.Add(next);
                return batch;
            })
            .SelectAsync(1, async batch =>
            {
                var events = batch.Select(m => decoder.Read(m.Data, m.Metadata?.Sequence.Stream
                    ?? throw new InvalidOperationException("a JetStream message without metadata"), m.Subject)).ToList();
                var result = await applier.ApplyAsync(events, token);
                // After the commit: acknowledging the last message acknowledges the batch (AckPolicy.All).
                // Lost, it only makes the batch come again, and be skipped.
                await batch[^1].AckAsync(cancellationToken: token);
                return result;
            })
            .RunForeach(result => self.Tell(result), materializer)
            .PipeTo(self, success: () => new StreamEnded(null), failure: e => new StreamEnded(e));
    }

    private void OnApplied(BatchResult result) =>
        _status = _status with
        {
            StreamSequence = result.Position.StreamSequence,
            LastWrittenAt = result.Position.LastWrittenAt ?? _status.LastWrittenAt,
            LastAppliedAt = DateTimeOffset.UtcNow,
            AppliedSinceStart = _status.AppliedSinceStart + result.Applied,
            GapsRepairedSinceStart = _status.GapsRepairedSinceStart + result.Position.GapsRepaired,
        };

    private async Task<PartitionStatus> StatusAsync()
    {
        if (_consumer is null || !_status.Running) return _status;
        try
        {
            return _status with { Pending = await _consumer.PendingAsync(_stopping.Token) };
        }
        catch (Exception e) when (e is NatsJSException or NATS.Client.Core.NatsException or OperationCanceledException)
        {
            return _status;
        }
    }

    private void GiveUp(string why, Exception? cause)
    {
        // After a read-model outage the pool holds connections the server has closed: without this,
        // each would cost the next incarnations a failed batch and a backoff. Cheap when they are fine.
        _store.DataSource.Clear();
        if (cause is null) _log.Warning("projector partition {0} stops ({1}); restarting after a backoff", _partition, why);
        else _log.Warning(cause, "projector partition {0} stops ({1}): {2}; restarting after a backoff", _partition, why, cause.Message);
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        // Fire and forget: PostStop cannot await, and nothing else uses this connection.
        _consumer?.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private sealed record Started(CheckpointedConsumer Consumer, ulong Checkpoint);

    private sealed record StreamEnded(Exception? Cause);

    private sealed record NatsDisconnected
    {
        public static readonly NatsDisconnected Instance = new();
    }
}
