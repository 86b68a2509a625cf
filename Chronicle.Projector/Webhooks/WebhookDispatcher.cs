using Akka.Actor;
using Akka.Event;
using Chronicle.Contracts.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Npgsql;

namespace Chronicle.Projector.Webhooks;

/// <summary>Tells the dispatcher that endpoints were added, deleted, paused or resumed, so it need not wait for its next look.</summary>
internal sealed record WebhookEndpointsChanged
{
    public static readonly WebhookEndpointsChanged Instance = new();
}

/// <summary>
/// Runs one <see cref="WebhookLane"/> per registered endpoint. One dispatcher runs in the cluster (a singleton on
/// the projector role, which already consumes the feed). It reads the endpoints when told they changed and every
/// <see cref="ReconcileInterval"/> (a registration made while it was elsewhere, a message lost), starts the lanes
/// of new and resumed endpoints, stops those of deleted and paused ones, and deletes the deleted ones' consumers on
/// NATS (a paused endpoint keeps its consumer and checkpoint: its next lane resumes from them).
/// </summary>
internal sealed class WebhookDispatcher : ReceiveActor, IWithTimers
{
    public const string SingletonName = "webhook-dispatcher";

    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(5);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NpgsqlDataSource _dataSource;
    private readonly NatsConnection _nats;
    private readonly LaneServices _services;
    private readonly Dictionary<string, IActorRef> _lanes = new(StringComparer.Ordinal);

    /// <summary>
    /// Lanes told to stop and not yet terminated: an endpoint's next lane starts only after its last one has ended, so
    /// two never share its consumer (nor its actor name), as a pause quickly followed by a resume would otherwise have them.
    /// </summary>
    private readonly Dictionary<IActorRef, string> _stopping = new();

    private IReadOnlyList<WebhookEndpointRow> _endpoints = [];

    /// <summary>One read at a time, so an older answer never undoes a newer one; a request meanwhile reads once more after it.</summary>
    private bool _reading, _readAgain;

    public WebhookDispatcher(ProjectorOptions feed, WebhookOptions options)
    {
        _dataSource = NpgsqlDataSource.Create(feed.ReadModelConnectionString);
        _nats = new NatsConnection(new NatsOpts
        {
            Url = feed.NatsUrl, Name = SingletonName, ConnectTimeout = feed.NatsTimeout, RequestTimeout = feed.NatsTimeout,
        });
        _services = new LaneServices(options, feed.NatsUrl, feed.NatsTimeout, new WebhookStore(_dataSource), new WebhookSender(options),
            new WebhookMetrics());

        Receive<Reconcile>(_ => ReadEndpoints());
        Receive<WebhookEndpointsChanged>(_ => ReadEndpoints());
        Receive<EndpointsRead>(read =>
        {
            Apply(read.Endpoints);
            ReadDone();
        });
        Receive<Terminated>(terminated =>
        {
            _stopping.Remove(terminated.ActorRef);
            Apply(_endpoints);
        });
        Receive<Status.Failure>(failure =>
        {
            _log.Warning("webhooks: the endpoints could not be read ({0}); lanes run as they are, next look in {1}", failure.Cause.Message, ReconcileInterval);
            ReadDone();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ProjectorOptions feed, WebhookOptions options) => Akka.Actor.Props.Create(() => new WebhookDispatcher(feed, options));

    protected override void PreStart()
    {
        Self.Tell(new Reconcile());
        Timers.StartPeriodicTimer(nameof(Reconcile), new Reconcile(), ReconcileInterval);
    }

    private void ReadEndpoints()
    {
        if (_reading)
        {
            _readAgain = true;
            return;
        }
        _reading = true;
        _services.Store.ListAsync(CancellationToken.None).PipeTo(Self, success: rows => new EndpointsRead(rows));
    }

    private void ReadDone()
    {
        _reading = false;
        if (!_readAgain) return;
        _readAgain = false;
        ReadEndpoints();
    }

    private void Apply(IReadOnlyList<WebhookEndpointRow> rows)
    {
        _endpoints = rows;
        var running = rows.Where(row => !row.Paused).ToDictionary(row => row.Id, StringComparer.Ordinal);
        foreach (var (id, lane) in _lanes.Where(lane => !running.ContainsKey(lane.Key)).ToList())
        {
            Context.Watch(lane);
            Context.Stop(lane);
            _lanes.Remove(id);
            _stopping[lane] = id;
            _log.Info("webhook {0} {1}: its lane stops", id, rows.Any(row => row.Id == id) ? "paused" : "deleted");
        }
        foreach (var row in running.Values.Where(row => !_lanes.ContainsKey(row.Id) && !_stopping.ContainsValue(row.Id)))
        {
            _lanes[row.Id] = Context.ActorOf(WebhookLane.Props(row.Endpoint, _services), row.Id);
            // Not the URL: receivers put tokens in their URLs, and logs travel further than the read model.
            _log.Info("webhook {0}: lane started ({1})", row.Id, string.Join(", ", row.EventTypes));
        }
        _services.Metrics.LanesRunning(rows.ToDictionary(row => row.Id, row => _lanes.ContainsKey(row.Id) || _stopping.ContainsValue(row.Id)));
        _ = DeleteConsumersWithoutEndpointAsync(rows.Select(row => row.Id).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Consumers of deleted endpoints, also those deleted while no dispatcher ran: a durable consumer is kept by
    /// the server until deleted, and would otherwise hold its place on the stream for good.
    /// </summary>
    private async Task DeleteConsumersWithoutEndpointAsync(IReadOnlySet<string> registered)
    {
        try
        {
            var js = new NatsJSContext(_nats);
            var orphans = new List<string>();
            await foreach (var name in js.ListConsumerNamesAsync(EventFeed.StreamName))
                if (name.StartsWith(WebhookOptions.ConsumerPrefix + "-", StringComparison.Ordinal)
                    && !registered.Contains(name[(WebhookOptions.ConsumerPrefix.Length + 1)..]))
                    orphans.Add(name);
            foreach (var name in orphans) await js.DeleteConsumerAsync(EventFeed.StreamName, name);
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
        {
            // No stream yet, or NATS away: the next look tries again.
        }
    }

    protected override void PostStop()
    {
        _services.Sender.Dispose();
        _services.Metrics.Dispose();
        _nats.DisposeAsync().AsTask().ContinueWith(_ => { }, TaskScheduler.Default);
        _dataSource.Dispose();
    }

    private sealed record Reconcile;

    private sealed record EndpointsRead(IReadOnlyList<WebhookEndpointRow> Endpoints);
}
