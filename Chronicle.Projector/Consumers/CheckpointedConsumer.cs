using System.Threading.Channels;
using Akka.Event;
using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Chronicle.Projector.Consumers;

/// <summary>
/// What a <see cref="CheckpointedConsumer"/> reads: its durable consumer's name, the feed's subjects it
/// takes, and how long and how many delivered messages may wait for their acknowledgement.
/// </summary>
internal sealed record ConsumerPlacement(string Name, string FilterSubject, TimeSpan AckWait, int MaxAckPending);

/// <summary>
/// A durable JetStream pull consumer of the feed, on a connection of its own, whose reader keeps its own
/// checkpoint in PostgreSQL (a projector partition, a webhook endpoint's lane). The checkpoint is the
/// truth about what is done; the consumer is placed after it whenever the two disagree: after a crash
/// between the checkpoint's commit and the acknowledgement, after NATS lost its consumer state or its
/// stream's tail (nats-server 2.9 flushes every two minutes), after a rebuild emptied the read model.
/// Messages delivered and not acknowledged by an earlier incarnation would otherwise come again only
/// after their ack wait, behind newer ones: placing the consumer anew keeps the stream's order.
/// </summary>
internal sealed class CheckpointedConsumer : IAsyncDisposable
{
    /// <summary>How long one pull waits on the server for messages before the client sends the next.</summary>
    private static readonly TimeSpan PullExpiry = TimeSpan.FromSeconds(10);

    /// <summary>How often the server says an open pull is alive (see <see cref="ConsumeAsync"/>).</summary>
    private static readonly TimeSpan PullHeartbeat = TimeSpan.FromSeconds(1);

    private readonly NatsConnection _connection;
    private INatsJSConsumer? _consumer;

    private CheckpointedConsumer(NatsConnection connection) => _connection = connection;

    /// <summary>Raised when the connection drops: the consumer may be behind what it had, and is placed anew on the next start.</summary>
    public event Action? Disconnected;

    public static async Task<CheckpointedConsumer> StartAsync(string natsUrl, TimeSpan natsTimeout, ConsumerPlacement placement, ulong checkpoint,
        ILoggingAdapter log, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = natsUrl,
            Name = placement.Name,
            ConnectTimeout = natsTimeout,
            RequestTimeout = natsTimeout,
            // No riding out a disconnect: the reader starts over and places its consumer anew.
            MaxReconnectRetry = 0,
            // Messages received and not yet taken by the reader queue up to twice a pull's batch (the client's choice),
            // and a reader holding a message (a batch being applied) gets another batch pulled each time nothing came
            // for two heartbeats. Once the queue is full the connection stops reading its socket until the reader
            // takes one: the server waits, or counts this client slow and closes it, and the reader starts over from
            // its checkpoint. The client's default drops the newest message instead, a delivery lost for good once a
            // later one is acknowledged (AckPolicy.All): how a rebuild under load lost 38 events (docs/READ-MODEL.md).
            SubPendingChannelFullMode = BoundedChannelFullMode.Wait,
        });
        var consumer = new CheckpointedConsumer(connection);
        try
        {
            await connection.ConnectAsync();
            connection.ConnectionDisconnected += (_, _) =>
            {
                consumer.Disconnected?.Invoke();
                return ValueTask.CompletedTask;
            };
            consumer._consumer = await PlaceAsync(new NatsJSContext(connection), placement, checkpoint, log, cancellationToken);
            return consumer;
        }
        catch
        {
            await consumer.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Pull after pull. The server answers an open pull with a heartbeat each <see cref="PullHeartbeat"/> while it
    /// has nothing to send; two missed, and the client pulls again. A pull is held by the consumer's leader:
    /// when that server dies (a JetStream cluster) while this connection, on another server, lives on, the
    /// pull goes with it, and the next one reaches the new leader once elected. With the client's defaults
    /// (a pull lasting 30 s, heartbeats every 15) the reader would wait up to 30 s to notice.
    /// </summary>
    public IAsyncEnumerable<INatsJSMsg<byte[]>> ConsumeAsync(int maxMessages, CancellationToken cancellationToken) =>
        Consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = maxMessages, Expires = PullExpiry, IdleHeartbeat = PullHeartbeat },
            cancellationToken: cancellationToken);

    /// <summary>
    /// Messages of the consumer's subjects on the stream not yet done: not delivered yet, or delivered and
    /// not acknowledged (a batch is acknowledged only after its commit). Undelivered alone would read
    /// 0 while the last batch is still being written, and a rebuild would look done too early.
    /// </summary>
    public async Task<ulong> PendingAsync(CancellationToken cancellationToken)
    {
        await Consumer.RefreshAsync(cancellationToken);
        return Consumer.Info.NumPending + (ulong)Consumer.Info.NumAckPending;
    }

    private INatsJSConsumer Consumer => _consumer ?? throw new InvalidOperationException("consumer not placed");

    private static async Task<INatsJSConsumer> PlaceAsync(NatsJSContext js, ConsumerPlacement placement, ulong checkpoint,
        ILoggingAdapter log, CancellationToken cancellationToken)
    {
        // No stream yet (no forwarder has run): this throws, and the reader retries after its backoff.
        var stream = await js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        var state = stream.Info.State;
        var lastOnStream = state.LastSeq;
        if (state.Messages > 0 && checkpoint + 1 < state.FirstSeq)
            throw new CheckpointExpiredException(checkpoint, state.FirstSeq, await OrderingOfAsync(stream, state.FirstSeq, cancellationToken));

        var existing = await FindAsync(stream, placement.Name, cancellationToken);
        if (existing is { Info: var info }
            && info.Config.FilterSubject == placement.FilterSubject
            && info.AckFloor.StreamSeq == checkpoint && info.NumAckPending == 0 && checkpoint <= lastOnStream)
            return existing;

        // A checkpoint past the stream's end: the stream lost its tail and the forwarder is writing it
        // again, so start where the stream ends; what comes again is recognised by its entity's sequence number.
        var start = Math.Min(checkpoint, lastOnStream) + 1;
        if (existing is not null)
        {
            log.Info("consumer {0} at {1} (pending acks {2}), its reader at {3}, stream ends at {4}: placing it at {5}",
                placement.Name, existing.Info.AckFloor.StreamSeq, existing.Info.NumAckPending, checkpoint, lastOnStream, start);
            await stream.DeleteConsumerAsync(placement.Name, cancellationToken);
        }

        return await stream.CreateOrUpdateConsumerAsync(new ConsumerConfig(placement.Name)
        {
            FilterSubject = placement.FilterSubject,
            AckPolicy = ConsumerConfigAckPolicy.All,
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = start,
            AckWait = placement.AckWait,
            MaxAckPending = placement.MaxAckPending,
        }, cancellationToken);
    }

    /// <summary>The journal ordering message <paramref name="sequence"/> was forwarded from.</summary>
    private static async Task<long> OrderingOfAsync(INatsJSStream stream, ulong sequence, CancellationToken cancellationToken)
    {
        var message = await stream.GetAsync(new StreamMsgGetRequest { Seq = sequence }, cancellationToken);
        return StoredFeedMessage.OrderingOf(message.Message)
               ?? throw new InvalidOperationException($"message {sequence} on {EventFeed.StreamName} has no {EventFeed.OrderingHeader} header");
    }

    private static async Task<INatsJSConsumer?> FindAsync(INatsJSStream stream, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.GetConsumerAsync(name, cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 404)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
