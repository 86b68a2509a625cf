using Akka.Event;
using Chronicle.Contracts.Feed;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// One partition's durable JetStream pull consumer, on a connection of its own. The read model's
/// checkpoint (committed with the rows) is the truth about what is applied; the consumer is placed
/// after it whenever the two disagree: after a crash between commit and acknowledgement, after NATS
/// lost its consumer state or its stream's tail (nats-server 2.9 flushes every two minutes), after a
/// rebuild emptied the read model.
/// </summary>
internal sealed class PartitionConsumer : IAsyncDisposable
{
    /// <summary>How long one pull waits on the server for messages before the client sends the next.</summary>
    private static readonly TimeSpan PullExpiry = TimeSpan.FromSeconds(10);

    /// <summary>How often the server says an open pull is alive (see <see cref="ConsumeAsync"/>).</summary>
    private static readonly TimeSpan PullHeartbeat = TimeSpan.FromSeconds(1);

    private readonly NatsConnection _connection;
    private INatsJSConsumer? _consumer;

    private PartitionConsumer(NatsConnection connection) => _connection = connection;

    /// <summary>Raised when the connection drops: the consumer may be behind what it had, and is placed anew on the next start.</summary>
    public event Action? Disconnected;

    public static async Task<PartitionConsumer> StartAsync(ProjectorOptions options, int partition, ulong checkpoint, ILoggingAdapter log,
        CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = options.NatsUrl,
            Name = ProjectorOptions.ConsumerName(partition),
            ConnectTimeout = options.NatsTimeout,
            RequestTimeout = options.NatsTimeout,
            // No riding out a disconnect: the partition starts over and places its consumer anew.
            MaxReconnectRetry = 0,
        });
        var consumer = new PartitionConsumer(connection);
        try
        {
            await connection.ConnectAsync();
            connection.ConnectionDisconnected += (_, _) =>
            {
                consumer.Disconnected?.Invoke();
                return ValueTask.CompletedTask;
            };
            consumer._consumer = await PlaceAsync(new NatsJSContext(connection), options, partition, checkpoint, log, cancellationToken);
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
    /// (a pull lasting 30 s, heartbeats every 15) the partition would wait up to 30 s to notice.
    /// </summary>
    public IAsyncEnumerable<INatsJSMsg<byte[]>> ConsumeAsync(int maxMessages, CancellationToken cancellationToken) =>
        Consumer.ConsumeAsync<byte[]>(opts: new NatsJSConsumeOpts { MaxMsgs = maxMessages, Expires = PullExpiry, IdleHeartbeat = PullHeartbeat },
            cancellationToken: cancellationToken);

    /// <summary>
    /// Messages of this partition on the stream not yet applied: not delivered yet, or delivered and
    /// not acknowledged (a batch is acknowledged only after its commit). Undelivered alone would read
    /// 0 while the last batch is still being written, and a rebuild would look done too early.
    /// </summary>
    public async Task<ulong> PendingAsync(CancellationToken cancellationToken)
    {
        await Consumer.RefreshAsync(cancellationToken);
        return Consumer.Info.NumPending + (ulong)Consumer.Info.NumAckPending;
    }

    private INatsJSConsumer Consumer => _consumer ?? throw new InvalidOperationException("consumer not placed");

    private static async Task<INatsJSConsumer> PlaceAsync(NatsJSContext js, ProjectorOptions options, int partition, ulong checkpoint,
        ILoggingAdapter log, CancellationToken cancellationToken)
    {
        // No stream yet (no forwarder has run): this throws, and the partition retries after its backoff.
        var stream = await js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        var lastOnStream = stream.Info.State.LastSeq;
        var name = ProjectorOptions.ConsumerName(partition);
        var filter = EventFeed.PartitionFilter(partition);

        var existing = await FindAsync(stream, name, cancellationToken);
        if (existing is { Info: var info }
            && info.Config.FilterSubject == filter
            && info.AckFloor.StreamSeq == checkpoint && info.NumAckPending == 0 && checkpoint <= lastOnStream)
            return existing;

        // A checkpoint past the stream's end: the stream lost its tail and the forwarder is writing it
        // again, so start where the stream ends; what comes again is skipped as already applied.
        var start = Math.Min(checkpoint, lastOnStream) + 1;
        if (existing is not null)
        {
            log.Info("projector partition {0}: consumer at {1} (pending acks {2}), read model at {3}, stream ends at {4}: placing it at {5}",
                partition, existing.Info.AckFloor.StreamSeq, existing.Info.NumAckPending, checkpoint, lastOnStream, start);
            await stream.DeleteConsumerAsync(name, cancellationToken);
        }

        return await stream.CreateOrUpdateConsumerAsync(new ConsumerConfig(name)
        {
            FilterSubject = filter,
            AckPolicy = ConsumerConfigAckPolicy.All,
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = start,
            AckWait = options.AckWait,
            // Room for several batches in flight: acknowledging a batch's last message acknowledges the batch.
            MaxAckPending = options.MaxBatchEvents * 10,
        }, cancellationToken);
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
