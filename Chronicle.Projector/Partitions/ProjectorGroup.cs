using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Chronicle.Actors.Settings;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Projection;
using Npgsql;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// The projector: one <see cref="PartitionProjector"/> per feed partition, side by side, so
/// partitions run in parallel while each entity (always in one partition) stays in order. One group
/// runs in the cluster (a singleton on the projector role). It also answers for the whole: status
/// (dead letters included), rebuilding the read model from scratch, and replaying held entities.
/// </summary>
public sealed class ProjectorGroup : ReceiveActor, IWithTimers
{
    public const string SingletonName = "read-model-projector";

    /// <summary>How long a partition gets to say how it is before it is reported as not running.</summary>
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(3);

    private readonly ProjectorOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ReadModelStore _store;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef[] _partitions = new IActorRef[EventFeed.Partitions];
    private readonly ProjectorMetrics _metrics = new();
    private readonly DeadLetterReplay _replay;

    public ProjectorGroup(ProjectorOptions options)
    {
        _options = options;
        _dataSource = DataSources.Create(options.ReadModelConnectionString);
        _store = new ReadModelStore(_dataSource);
        _replay = new DeadLetterReplay(_store, new JournalEvents(Context.System, Context.Materializer()), _log);
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ProjectorOptions options) => Akka.Actor.Props.Create(() => new ProjectorGroup(options));

    protected override void PreStart()
    {
        StartPartitions();
        Timers.StartPeriodicTimer(nameof(SampleMetrics), SampleMetrics.Instance, ProjectorMetrics.SampleInterval);
    }

    private void StartPartitions()
    {
        for (var partition = 0; partition < _partitions.Length; partition++)
            _partitions[partition] = Context.Watch(Context.ActorOf(PartitionProjector.Props(partition, _options, _store), $"partition-{partition}"));
    }

    private void Running()
    {
        Receive<GetProjectorStatus>(_ => StatusOfAll().PipeTo(Sender));
        Receive<SampleMetrics>(_ => StatusOfAll().PipeTo(Self, success: status => new MetricsSampled(status)));
        Receive<MetricsSampled>(sampled => _metrics.Update(sampled.Status));
        Receive<ReplayDeadLetters>(replay =>
        {
            var entity = replay is { EntityType: { } type, EntityId: { } id } ? (type, id) : ((string, string)?)null;
            _replay.ReplayAsync(entity, CancellationToken.None).PipeTo(Sender, success: outcomes => new DeadLettersReplayed(outcomes));
        });
        Receive<RebuildReadModel>(_ =>
        {
            _log.Warning("rebuilding the read model: partitions stop, the read model is emptied, the whole stream is projected again");
            foreach (var partition in _partitions) Context.Stop(partition);
            Become(() => Rebuilding(Sender, _partitions.Length));
        });
    }

    /// <summary>Waits for every partition to stop, so none writes into the emptied read model, then empties it and starts them anew.</summary>
    private void Rebuilding(IActorRef requester, int stillRunning)
    {
        Receive<Terminated>(_ =>
        {
            if (--stillRunning > 0) return;
            _store.ResetAsync(CancellationToken.None).PipeTo(Self, success: () => new ReadModelReset(null), failure: e => new ReadModelReset(e));
        });
        Receive<ReadModelReset>(reset =>
        {
            StartPartitions();
            Become(Running);
            if (reset.Failure is null) requester.Tell(new RebuildStarted(DateTimeOffset.UtcNow));
            else requester.Tell(new Status.Failure(reset.Failure));
        });
        Receive<GetProjectorStatus>(_ => Sender.Tell(new ProjectorStatus([], null)));
        // The partitions are stopping: what they were is no longer true, and nothing can be asked.
        Receive<SampleMetrics>(_ => _metrics.Update(new ProjectorStatus([], null)));
        Receive<MetricsSampled>(_ => { });
        Receive<RebuildReadModel>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("a rebuild is already starting"))));
        Receive<ReplayDeadLetters>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("a rebuild is emptying the read model"))));
    }

    private async Task<ProjectorStatus> StatusOfAll()
    {
        var deadLetters = DeadLettersAsync();
        var answers = await Task.WhenAll(_partitions.Select(async (partition, index) =>
        {
            try
            {
                return await partition.Ask<PartitionStatus>(GetPartitionStatus.Instance, StatusTimeout);
            }
            catch (AskTimeoutException)
            {
                // Between incarnations (the backoff supervisor has no child to pass the question to).
                return new PartitionStatus(index, false, 0, 0, null, null, 0, 0);
            }
        }));
        return new ProjectorStatus(answers, await deadLetters);
    }

    private async Task<long?> DeadLettersAsync()
    {
        try
        {
            return await _store.DeadLetters.CountAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The read model is away: the partitions say so themselves (not running).
            return null;
        }
    }

    protected override void PostStop()
    {
        _metrics.Dispose();
        _dataSource.Dispose();
    }

    private sealed record ReadModelReset(Exception? Failure);

    private sealed record SampleMetrics
    {
        public static readonly SampleMetrics Instance = new();
    }

    private sealed record MetricsSampled(ProjectorStatus Status);
}
