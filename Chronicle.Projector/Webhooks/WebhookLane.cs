using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Ids;
using Chronicle.Projector.Consumers;
using NATS.Client.JetStream;

namespace Chronicle.Projector.Webhooks;

/// <summary>What every lane shares: the settings, where the feed is, the tables, the HTTP sender and the metrics.</summary>
internal sealed record LaneServices(WebhookOptions Options, string NatsUrl, TimeSpan NatsTimeout, WebhookStore Store, WebhookSender Sender,
    WebhookMetrics Metrics);

/// <summary>
/// One endpoint's deliveries: its own durable consumer of the feed's account events (on its own NATS
/// connection), placed after the endpoint's checkpoint, and its own bounded set of requests in flight, so a
/// receiver that is down or slow holds up nothing but itself. Each incarnation:
/// <list type="number">
/// <item>reads the endpoint's checkpoint and places the consumer right after it;</item>
/// <item>takes the messages in stream order; one the endpoint does not subscribe to finishes at once; one it does
///   is sent after the account's previous one has finished, retried with backoff (or when its Retry-After says) up to the last attempt, then
///   dead-lettered (<see cref="WebhookOptions.MaxInFlightPerEndpoint"/> at most at once);</item>
/// <item>every <see cref="CheckpointInterval"/> saves the checkpoint (the last message below which all have
///   finished) and then acknowledges it.</item>
/// </list>
/// Any failure (read model or NATS gone) stops the incarnation and the backoff supervisor starts the next,
/// from the saved checkpoint: what finished after it is sent again, with the same webhook-id.
/// </summary>
internal sealed class WebhookLane : CheckpointedReader
{
    /// <summary>How often the checkpoint is saved and acknowledged: what a crash may send again, at most.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Feed messages the client holds ready for the lane. Most are not subscribed to and finish at once; the
    /// others wait for a place among the requests in flight.
    /// </summary>
    private const int PulledMessages = 500;

    /// <summary>
    /// Messages delivered to the lane and not yet acknowledged, at most: an event retried for long holds the
    /// checkpoint back while later ones finish; past this many the server sends no more until it has finished.
    /// </summary>
    private const int MaxUnacknowledged = 10_000;

    /// <summary>
    /// When the server sends an unacknowledged message again. The lane recognises such a redelivery and skips it,
    /// and a new incarnation places the consumer anew, so this only keeps redeliveries rare while an event is retried.
    /// </summary>
    private static readonly TimeSpan AckWait = TimeSpan.FromHours(1);

    /// <summary>Attempts kept per endpoint in the delivery log; older ones are pruned every <see cref="PruneEveryAttempts"/>.</summary>
    public const int AttemptsKept = 1_000;

    private const int PruneEveryAttempts = 100;

    /// <summary>How long a stopping lane waits to save its checkpoint.</summary>
    private static readonly TimeSpan FinalSaveTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly WebhookEndpoint _endpoint;
    private readonly LaneServices _services;
    private int _attemptsSincePrune;

    public WebhookLane(WebhookEndpoint endpoint, LaneServices services)
    {
        _endpoint = endpoint;
        _services = services;
    }

    /// <summary>The lane of <paramref name="endpoint"/> under a backoff supervisor that restarts it whenever it stops.</summary>
    public static Props Props(WebhookEndpoint endpoint, LaneServices services) =>
        UnderBackoff(Akka.Actor.Props.Create(() => new WebhookLane(endpoint, services)), "lane", MinBackoff, MaxBackoff);

    protected override string Name => $"webhook {_endpoint.Id}";

    protected override (string Url, TimeSpan Timeout) Nats => (_services.NatsUrl, _services.NatsTimeout);

    protected override ConsumerPlacement Placement => new(WebhookOptions.ConsumerName(_endpoint.Id),
        EventFeed.EntityTypeFilter(PersistenceIds.AccountType), AckWait, MaxUnacknowledged);

    protected override async Task<ulong> ReadCheckpointAsync(CancellationToken cancellationToken) =>
        await _services.Store.CheckpointAsync(_endpoint.Id, cancellationToken)
        ?? throw new InvalidOperationException("the endpoint was deleted; the dispatcher stops its lane");

    /// <summary>
    /// The stream dropped messages this endpoint had not been sent (it was away or refusing for longer than the stream's
    /// retention holds): their account events are not delivered. Said as an error and counted; the lane goes on from the
    /// stream's first message.
    /// </summary>
    protected override Task<ulong> CatchUpAsync(CheckpointExpiredException expired, CancellationToken cancellationToken)
    {
        Log.Error("{0}: the account events of stream messages {1} to {2} are not delivered: the stream dropped them first",
            Name, expired.Checkpoint + 1, expired.FirstSequence - 1);
        _services.Metrics.CountExpired(_endpoint.Id, expired.FirstSequence - 1 - expired.Checkpoint);
        return Task.FromResult(expired.FirstSequence - 1);
    }

    protected override Task RunAsync(CheckpointedConsumer consumer, ulong checkpoint) => DeliverAllAsync(consumer, checkpoint, Stopping);

    private async Task DeliverAllAsync(CheckpointedConsumer consumer, ulong checkpoint, CancellationToken stopping)
    {
        var window = new DeliveryWindow<INatsJSMsg<byte[]>>(checkpoint);
        var order = new AccountOrder();
        // Not disposed: deliveries still running after a failure release it as they end.
        var slots = new SemaphoreSlim(_services.Options.MaxInFlightPerEndpoint);
        var failure = new LaneFailure(stopping);
        _ = FlushEveryIntervalAsync(window, checkpoint, failure);
        try
        {
            var deliveries = new DeliveryOrder(Name);
            await foreach (var msg in consumer.ConsumeAsync(PulledMessages, failure.Token))
            {
                var sequences = msg.Metadata?.Sequence ?? throw new InvalidOperationException("a JetStream message without metadata");
                deliveries.Check(sequences.Consumer, sequences.Stream);
                var sequence = sequences.Stream;
                if (!window.TryStart(sequence, msg)) continue;
                var message = Read(msg, sequence);
                if (message is null)
                {
                    window.Finish(sequence);
                    continue;
                }
                await slots.WaitAsync(failure.Token);
                order.Enqueue(message.AccountId, async () =>
                {
                    try
                    {
                        await DeliverAsync(message, sequence, failure.Token);
                        window.Finish(sequence);
                    }
                    catch (Exception e) when (!failure.Token.IsCancellationRequested)
                    {
                        failure.Fail(e);
                    }
                    catch (OperationCanceledException)
                    {
                        // The lane is stopping, or has failed already.
                    }
                    finally
                    {
                        slots.Release();
                    }
                });
            }
        }
        catch (OperationCanceledException) when (failure.Token.IsCancellationRequested)
        {
        }
        finally
        {
            failure.Stop();
        }
        // A delivery's log or the checkpoint could not be written: the lane stops with the cause.
        failure.ThrowIfFailed();
        // Stopped: keep what has finished, so the next incarnation does not send it again.
        if (stopping.IsCancellationRequested) await SaveFinalCheckpointAsync(window);
        // Otherwise the consumer ended (deleted under the lane): the lane ends, and its supervisor starts it again.
    }

    /// <summary>The feed message as this endpoint receives it; null when it does not subscribe to it, or it is no feed event.</summary>
    private WebhookMessage? Read(INatsJSMsg<byte[]> msg, ulong sequence)
    {
        try
        {
            return WebhookMessage.For(_endpoint, msg.Data ?? []);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // The forwarder writes every message of these subjects; one that is not an envelope was put there by someone else.
            Log.Error("webhook {0}: stream sequence {1} is not a feed event, skipped: {2}", _endpoint.Id, sequence, e.GetType().Name);
            return null;
        }
    }

    /// <summary>Attempts until one is delivered or the last has failed (then the event is dead-lettered); every attempt logged.</summary>
    private async Task DeliverAsync(WebhookMessage message, ulong sequence, CancellationToken cancellationToken)
    {
        var options = _services.Options;
        for (var attempt = 1; ; attempt++)
        {
            var result = await _services.Sender.SendAsync(_endpoint, message, cancellationToken);
            _services.Metrics.Attempted(_endpoint.Id, result);
            var last = !result.Delivered && attempt >= options.MaxAttempts;
            await _services.Store.RecordAttemptAsync(_endpoint.Id, message, attempt, result, last ? sequence : null, cancellationToken);
            if (Interlocked.Increment(ref _attemptsSincePrune) % PruneEveryAttempts == 0)
                await _services.Store.PruneAttemptsAsync(_endpoint.Id, AttemptsKept, cancellationToken);
            if (result.Delivered) return;
            if (last)
            {
                _services.Metrics.DeadLettered(_endpoint.Id);
                // The webhook-id, not the account: account ids stay out of the logs (docs/SECURITY.md); the dead letter names it.
                Log.Warning("webhook {0}: {1} dead-lettered after {2} attempts: {3}", _endpoint.Id, message.WebhookId, attempt, result.Error);
                return;
            }
            await Task.Delay(options.RetryDelayBefore(attempt + 1, result.RetryAfter), cancellationToken);
        }
    }

    /// <summary>Saves and acknowledges the checkpoint every <see cref="CheckpointInterval"/> while it moves; a failure to save stops the lane.</summary>
    private async Task FlushEveryIntervalAsync(DeliveryWindow<INatsJSMsg<byte[]>> window, ulong saved, LaneFailure failure)
    {
        using var timer = new PeriodicTimer(CheckpointInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(failure.Token))
            {
                var (checkpoint, message) = window.Snapshot();
                if (checkpoint == saved || message is null) continue;
                await _services.Store.SaveCheckpointAsync(_endpoint.Id, checkpoint, failure.Token);
                // After the save: acknowledging it acknowledges every message before it (AckPolicy.All). Lost, it
                // only makes the next incarnation place the consumer anew.
                await message.AckAsync(cancellationToken: failure.Token);
                saved = checkpoint;
            }
        }
        catch (OperationCanceledException) when (failure.Token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure.Fail(e);
        }
    }

    /// <summary>Best effort, bounded: a lane stopping because the read model is away must not hang on it.</summary>
    private async Task SaveFinalCheckpointAsync(DeliveryWindow<INatsJSMsg<byte[]>> window)
    {
        using var deadline = new CancellationTokenSource(FinalSaveTimeout);
        try
        {
            await _services.Store.SaveCheckpointAsync(_endpoint.Id, window.Checkpoint, deadline.Token);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
        {
            Log.Warning("webhook {0}: checkpoint {1} not saved on stopping ({2}); the next start sends what came after the last saved one again",
                _endpoint.Id, window.Checkpoint, e.Message);
        }
    }

    /// <summary>The first failure of a delivery or of the checkpoint's save, and the token that stops the rest with it.</summary>
    private sealed class LaneFailure(CancellationToken stopping)
    {
        private readonly CancellationTokenSource _source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        private Exception? _cause;

        public CancellationToken Token => _source.Token;

        public void Fail(Exception cause)
        {
            if (Interlocked.CompareExchange(ref _cause, cause, null) is null) _source.Cancel();
        }

        /// <summary>Ends the checkpoints' timer and whatever deliveries still run, once the lane's loop is over.</summary>
        public void Stop() => _source.Cancel();

        public void ThrowIfFailed()
        {
            if (_cause is not null) throw _cause;
        }
    }
}
