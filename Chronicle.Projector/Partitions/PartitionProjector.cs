using Akka.Actor;
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
/// <item>places the partition's durable pull consumer right after that checkpoint (first applying from the journal what the
///   stream's retention dropped after it, should it have: <see cref="JournalCatchUp"/>);</item>
/// <item>runs consume → batch → apply (in one transaction with the checkpoint, and with the other partitions' batches
///   that are ready: <see cref="GroupCommit"/>) → acknowledge. Batches form from what arrived while the previous one
///   was being handed in; up to <see cref="BatchesInFlight"/> wait for their commit at once.</item>
/// </list>
/// A poison event does not stop it: the applier quarantines it (<see cref="BatchApplier"/>). Any
/// failure (read model down, NATS gone) stops the incarnation and
/// the backoff supervisor starts the next, which resumes from the committed checkpoint: nothing is
/// lost, and what is delivered again is skipped by the entity versions.
/// </summary>
internal sealed class PartitionProjector : CheckpointedReader
{
    /// <summary>
    /// Batches handed to the group commit and not yet committed. While one transaction runs, what arrives goes on to wait
    /// for the next one instead of waiting here for the commit (in the stream's order: the group commit applies a
    /// partition's batches in the order handed in, as one). Each holds at most <see cref="ProjectorOptions.MaxBatchEvents"/>;
    /// the consumer's limit of unacknowledged messages (<see cref="ProjectorOptions.PlacementOf"/>) bounds them all.
    /// </summary>
    private const int BatchesInFlight = 16;

    private readonly int _partition;
    private readonly ProjectorOptions _options;
    private readonly ReadModelStore _store;
    private readonly GroupCommit _commit;
    private PartitionStatus _status;

    public PartitionProjector(int partition, ProjectorOptions options, ReadModelStore store, GroupCommit commit)
    {
        _partition = partition;
        _options = options;
        _store = store;
        _commit = commit;
        _status = new PartitionStatus(partition, false, 0, 0, null, null, 0, 0);
        Receive<BatchResult>(OnApplied);
        ReceiveAsync<GetPartitionStatus>(async _ => Sender.Tell(await StatusAsync()));
    }

    /// <summary>Partition <paramref name="partition"/> under a backoff supervisor that restarts it whenever it stops.</summary>
    /// <param name="commit">The group's: this partition's batches are committed with the others' that are ready.</param>
    public static Props Props(int partition, ProjectorOptions options, ReadModelStore store, GroupCommit commit) =>
        UnderBackoff(Akka.Actor.Props.Create(() => new PartitionProjector(partition, options, store, commit)), "projector", options.MinBackoff, options.MaxBackoff);

    protected override string Name => $"projector partition {_partition}";

    protected override (string Url, TimeSpan Timeout) Nats => (_options.NatsUrl, _options.NatsTimeout);

    protected override ConsumerPlacement Placement => _options.PlacementOf(_partition);

    protected override Task<ulong> ReadCheckpointAsync(CancellationToken cancellationToken) => _store.ReadCheckpointAsync(_partition, cancellationToken);

    protected override Task<ulong> CatchUpAsync(CheckpointExpiredException expired, CancellationToken cancellationToken) =>
        new JournalCatchUp(_partition, _options, _store, _commit, Log).RunAsync(expired, cancellationToken);

    protected override Task RunAsync(CheckpointedConsumer consumer, ulong checkpoint)
    {
        _status = _status with { Running = true, StreamSequence = checkpoint };
        var self = Self;
        var token = Stopping;
        var decoder = new FeedEventDecoder();
        var materializer = Context.Materializer();
        var commit = _commit;
        var partition = _partition;
        var deliveries = new DeliveryOrder(Name);
        return Source.From(() => consumer.ConsumeAsync(_options.MaxBatchEvents, token))
            .Batch(_options.MaxBatchEvents, first => new List<INatsJSMsg<byte[]>> { first }, (batch, next) =>
            {
                batch.Add(next);
                return batch;
            })
            .SelectAsync(BatchesInFlight, async batch =>
            {
                var sequences = new List<ulong>(batch.Count);
                foreach (var message in batch)
                {
                    var sequence = message.Metadata?.Sequence ?? throw new InvalidOperationException("a JetStream message without metadata");
                    // Before anything of the batch is applied: a lost delivery must not be acknowledged past.
                    deliveries.Check(sequence.Consumer, sequence.Stream);
                    sequences.Add(sequence.Stream);
                }
                var events = batch.Select((m, i) => decoder.Read(m.Data, sequences[i], m.Subject)).ToList();
                var spans = batch.Select((m, i) => ProjectorTracing.StartApply(m.Headers, partition, sequences[i], batch.Count)).ToList();
                try
                {
                    var result = await commit.ApplyAsync(partition, events, token);
                    // After the commit: acknowledging the last message acknowledges the batch (AckPolicy.All), and the
                    // batches before it that shared its transaction. Lost, it only makes them come again, and be skipped.
                    if (result.Acknowledges) await batch[^1].AckAsync(cancellationToken: token);
                    ProjectorTracing.Ended(spans, null);
                    return result;
                }
                catch (Exception e)
                {
                    ProjectorTracing.Ended(spans, e);
                    throw;
                }
            })
            .RunForeach(result => self.Tell(result), materializer);
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
        if (Consumer is not { } consumer || !_status.Running) return _status;
        try
        {
            return _status with { Pending = await consumer.PendingAsync(Stopping) };
        }
        catch (Exception e) when (e is NatsJSException or NATS.Client.Core.NatsException or OperationCanceledException)
        {
            return _status;
        }
    }

    /// <summary>
    /// After a read-model outage the pool holds connections the server has closed: without this, each would
    /// cost the next incarnations a failed batch and a backoff. Cheap when they are fine.
    /// </summary>
    protected override void OnGivingUp() => _store.DataSource.Clear();
}
