using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Chronicle.Actors.EventStore;
using Chronicle.Actors.Settings;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Consumers;
using Chronicle.Projector.Projection;
using Chronicle.Projector.ReadModel;
using Chronicle.Projector.Rebuild;
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
    private readonly GroupCommit _commit;
    private TimeSpan? _sourceCheckBackoff;

    /// <summary>The wait before a failed load starts again; doubles while loads fail.</summary>
    private TimeSpan? _loadBackoff;

    /// <summary>Set by a rebuild's emptying: the partitions start only once the journal is loaded (<see cref="JournalLoad"/>).</summary>
    private bool _loadPending;

    private readonly CancellationTokenSource _stopping = new();

    public ProjectorGroup(ProjectorOptions options)
    {
        _options = options;
        _dataSource = DataSources.Create(options.ReadModelConnectionString, DataSources.GenericPlans);
        _store = new ReadModelStore(_dataSource);
        var journal = new JournalEvents(Context.System, Context.Materializer());
        _replay = new DeadLetterReplay(_store, journal, _log);
        _commit = new GroupCommit(new BatchApplier(_store, journal, _log), _log);
        Checking();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ProjectorOptions options) => Akka.Actor.Props.Create(() => new ProjectorGroup(options));

    protected override void PreStart()
    {
        CheckSource();
        Timers.StartPeriodicTimer(nameof(SampleMetrics), SampleMetrics.Instance, ProjectorMetrics.SampleInterval);
    }

    /// <summary>
    /// Nothing is applied before the read model is known to belong to this event store (<see cref="ReadModelSource"/>):
    /// the partitions start on a match, the group refuses on a mismatch, and asks again after a backoff when either
    /// database does not answer.
    /// </summary>
    private void CheckSource()
    {
        Become(Checking);
        CheckAsync(_loadPending).PipeTo(Self, success: check => check, failure: e => new SourceChecked(null, false, e));
    }

    /// <summary>The source check, then (unless a load is to come) whether a load was cut short (<see cref="DeferredIndexes"/>).</summary>
    private async Task<SourceChecked> CheckAsync(bool loadPending)
    {
        var refusal = await ReadModelSource.CheckAsync(_dataSource, _options.EventStoreConnectionString, CancellationToken.None);
        var cutShort = refusal is null && !loadPending && await DeferredIndexes.AnyAsync(_dataSource, CancellationToken.None);
        return new SourceChecked(refusal, cutShort, null);
    }

    private void Checking()
    {
        Receive<SourceChecked>(checkedSource =>
        {
            if (checkedSource.Failure is { } failure)
            {
                _sourceCheckBackoff = _sourceCheckBackoff is null ? _options.MinBackoff : Min(_sourceCheckBackoff.Value * 2, _options.MaxBackoff);
                _log.Warning("projector: cannot tell which event store the read model belongs to, or whether a load was cut short ({0}); asking again in {1}",
                    failure.Message, _sourceCheckBackoff);
                Timers.StartSingleTimer(nameof(CheckSourceAgain), CheckSourceAgain.Instance, _sourceCheckBackoff.Value);
                return;
            }
            _sourceCheckBackoff = null;
            if (checkedSource.Refusal is { } refusal)
            {
                _log.Error("projector refuses to apply anything: {0}", refusal);
                Become(() => Refusing(refusal));
                return;
            }
            if (checkedSource.LoadCutShort)
            {
                // Its pages' rows are in, its accounts' rows and indexes not: only a whole load makes the read model whole.
                _log.Warning("projector: a rebuild's load was cut short; the read model is emptied and loaded from the journal again");
                Become(() => Rebuilding(ActorRefs.Nobody, 0));
                Self.Tell(ResetReadModel.Instance);
                return;
            }
            if (_loadPending)
            {
                _loadPending = false;
                LoadJournal();
                return;
            }
            StartPartitions();
            Become(Running);
        });
        Receive<CheckSourceAgain>(_ => CheckSource());
        Receive<GetProjectorStatus>(_ => Sender.Tell(new ProjectorStatus([], null)));
        ReceiveIdleMetrics(new ProjectorStatus([], null));
        RefuseRequests("the projector is starting; retry shortly");
    }

    /// <summary>The read model belongs to another event store: nothing runs until a rebuild makes it this one's.</summary>
    private void Refusing(string refusal)
    {
        Receive<GetProjectorStatus>(_ => Sender.Tell(new ProjectorStatus([], null, refusal)));
        ReceiveIdleMetrics(new ProjectorStatus([], null, refusal));
        Receive<RebuildReadModel>(_ =>
        {
            _log.Warning("rebuilding the read model of another event store: it is emptied and projected from this one");
            Become(() => Rebuilding(Sender, 0));
            Self.Tell(ResetReadModel.Instance);
        });
        Receive<ReplayDeadLetters>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException(refusal))));
    }

    /// <summary>Answers a rebuild or a replay with <paramref name="why"/>: neither can be done in the current state.</summary>
    private void RefuseRequests(string why)
    {
        Receive<RebuildReadModel>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException(why))));
        Receive<ReplayDeadLetters>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException(why))));
    }

    private void ReceiveIdleMetrics(ProjectorStatus status)
    {
        Receive<SampleMetrics>(_ => _metrics.Update(status));
        Receive<MetricsSampled>(_ => { });
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void StartPartitions()
    {
        for (var partition = 0; partition < _partitions.Length; partition++)
            _partitions[partition] = Context.Watch(Context.ActorOf(PartitionProjector.Props(partition, _options, _store, _commit), $"partition-{partition}"));
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
            _log.Warning("rebuilding the read model: partitions stop, the read model is emptied and loaded from the journal, then the partitions go on from the stream");
            foreach (var partition in _partitions) Context.Stop(partition);
            Become(() => Rebuilding(Sender, _partitions.Length));
        });
    }

    /// <summary>Waits for every partition to stop, so none writes into the emptied read model, then empties it and starts them anew.</summary>
    private void Rebuilding(IActorRef requester, int stillRunning)
    {
        Receive<Terminated>(_ =>
        {
            if (--stillRunning == 0) Self.Tell(ResetReadModel.Instance);
        });
        Receive<ResetReadModel>(_ =>
            _store.ResetAsync(CancellationToken.None).PipeTo(Self, success: () => new ReadModelReset(null), failure: e => new ReadModelReset(e)));
        Receive<ReadModelReset>(reset =>
        {
            _loadPending = reset.Failure is null;
            // Emptied, the read model has no source: the check records this event store and starts the partitions.
            // Not emptied, it is what it was: the check says so again.
            CheckSource();
            if (reset.Failure is null) requester.Tell(new RebuildStarted(DateTimeOffset.UtcNow));
            else requester.Tell(new Status.Failure(reset.Failure));
        });
        Receive<GetProjectorStatus>(_ => Sender.Tell(new ProjectorStatus([], null)));
        // The partitions are stopping: what they were is no longer true, and nothing can be asked.
        ReceiveIdleMetrics(new ProjectorStatus([], null));
        Receive<RebuildReadModel>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("a rebuild is already starting"))));
        Receive<ReplayDeadLetters>(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("a rebuild is emptying the read model"))));
    }

    /// <summary>
    /// A rebuild's load (<see cref="JournalLoad"/>), then the partitions. A failed load is logged and started again, after a
    /// backoff, from an emptied read model: what its pages committed has no accounts' rows yet.
    /// </summary>
    private void LoadJournal()
    {
        Become(Loading);
        _log.Warning("rebuild: loading the read model from the journal");
        LoadAsync(_stopping.Token).PipeTo(Self, success: applied => new JournalLoaded(applied, null), failure: e => new JournalLoaded(0, e));
    }

    private async Task<long> LoadAsync(CancellationToken cancellationToken)
    {
        // Before the journal's first page is read: JournalLoad says why.
        var streamHead = await FeedStreamHead.ReadAsync(_options.NatsUrl, _options.NatsTimeout, cancellationToken);
        await using var journal = new JournalTable(DataSources.Create(_options.EventStoreConnectionString));
        return await new JournalLoad(_store, journal, _log).RunAsync(streamHead, cancellationToken);
    }

    private void Loading()
    {
        Receive<JournalLoaded>(loaded =>
        {
            if (loaded.Failure is { } failure)
            {
                // The check finds the load cut short (its dropped indexes recorded) and starts it again from an emptied read model.
                _loadBackoff = _loadBackoff is null ? _options.MinBackoff : Min(_loadBackoff.Value * 2, _options.MaxBackoff);
                _log.Error(failure, "rebuild: the load from the journal failed; it starts again in {0}", _loadBackoff);
                Become(Checking);
                Timers.StartSingleTimer(nameof(CheckSourceAgain), CheckSourceAgain.Instance, _loadBackoff.Value);
                return;
            }
            _loadBackoff = null;
            _log.Info("rebuild: {0} events loaded from the journal; the partitions go on from the stream", loaded.Applied);
            StartPartitions();
            Become(Running);
        });
        Receive<GetProjectorStatus>(_ => Sender.Tell(new ProjectorStatus([], null)));
        ReceiveIdleMetrics(new ProjectorStatus([], null));
        RefuseRequests("a rebuild is loading the read model from the journal; retry shortly");
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
        // Fire and forget: PostStop cannot await; the partitions stopped first, so nothing waits on it.
        _commit.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Cancel();
        _stopping.Dispose();
        _metrics.Dispose();
        _dataSource.Dispose();
    }

    private sealed record ReadModelReset(Exception? Failure);

    private sealed record JournalLoaded(long Applied, Exception? Failure);

    private sealed record ResetReadModel
    {
        public static readonly ResetReadModel Instance = new();
    }

    /// <param name="Refusal">Why nothing may be applied; null when the read model is this event store's.</param>
    /// <param name="LoadCutShort">A rebuild's load did not end: the read model is partial until one does.</param>
    /// <param name="Failure">Either database did not answer.</param>
    private sealed record SourceChecked(string? Refusal, bool LoadCutShort, Exception? Failure);

    private sealed record CheckSourceAgain
    {
        public static readonly CheckSourceAgain Instance = new();
    }

    private sealed record SampleMetrics
    {
        public static readonly SampleMetrics Instance = new();
    }

    private sealed record MetricsSampled(ProjectorStatus Status);
}
