using System.Runtime.CompilerServices;
using Chronicle.Contracts.Feed;
using Chronicle.Gateway.Operations;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// The gateway's read-only door into the event feed (docs/EVENT-FEED.md), for the dashboard: the
/// stream's position and a named ephemeral consumer for each live stream, over the node's one NATS
/// connection (<see cref="BusServices"/>), shared by every stream open on it (NATS multiplexes subscriptions).
/// </summary>
internal sealed class FeedReader(NatsConnection bus)
{
    /// <summary>A live consumer nobody pulls from for this long is removed by the server.</summary>
    private static readonly TimeSpan Inactive = TimeSpan.FromSeconds(30);

    /// <summary>Messages asked for at a time (what the client asks for when given no options).</summary>
    private const int PullMessages = 1000;

    /// <summary>How often the server says a live consumer is there while it has nothing to send (see <see cref="FollowAsync"/>).</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    private readonly NatsJSContext _js = new(bus);

    /// <summary>The stream's last sequence: how many events the feed has ever held (its retention drops the oldest messages, not their count).</summary>
    public async Task<ulong> LastSequenceAsync(CancellationToken cancellationToken)
    {
        var stream = await _js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        return stream.Info.State.LastSeq;
    }

    /// <summary>
    /// An ephemeral consumer of <paramref name="subject"/> (null: the whole feed) from <paramref name="startSequence"/> on, without
    /// acknowledgements: what a live view needs, and nothing the server keeps once the view is gone
    /// (<see cref="CloseAsync"/>, or at the latest after <see cref="Inactive"/> without a pull). Not
    /// NATS.Net's ordered consumer: it filters with filter_subjects, which nats-server 2.9 ignores.
    /// </summary>
    public async Task<INatsJSConsumer> OpenAsync(ulong startSequence, string? subject, CancellationToken cancellationToken) =>
        // Named (not durable): nats-server 2.9 takes a filter only in a create request that names the consumer.
        await _js.CreateOrUpdateConsumerAsync(EventFeed.StreamName, new ConsumerConfig($"dashboard-{Guid.NewGuid():N}")
        {
            // No filter for the whole feed: the stream holds nothing else.
            FilterSubject = subject,
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = startSequence,
            AckPolicy = ConsumerConfigAckPolicy.None,
            InactiveThreshold = Inactive,
            MemStorage = true,
            NumReplicas = 1,
        }, cancellationToken);

    /// <summary>
    /// The consumer's messages until <paramref name="cancellationToken"/>, or until the server holding it stops
    /// answering: two heartbeats missed (or no server answering for it). JetStream keeps a live consumer, not
    /// durable on a stream with limits retention, as one copy on one server; in a cluster that loses that server
    /// nothing else would end the view, which would wait forever. Ended, the client resumes from its last event
    /// on a consumer made anew on a server that runs. A client that reads nothing for as long ends it too, and
    /// resumes the same way.
    /// </summary>
    /// <exception cref="TimeoutException">The consumer's server stopped answering.</exception>
    public async IAsyncEnumerable<INatsJSMsg<byte[]>> FollowAsync(INatsJSConsumer consumer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opts = new NatsJSConsumeOpts
        {
            MaxMsgs = PullMessages,
            IdleHeartbeat = Heartbeat,
            NotificationHandler = (notification, _) =>
            {
                if (notification is NatsJSTimeoutNotification or NatsJSNoRespondersNotification) lost.Cancel();
                return Task.CompletedTask;
            },
        };
        // Cancelled, the client's consume ends as if the feed had: only the cause tells the two apart.
        await foreach (var message in consumer.ConsumeAsync<byte[]>(opts: opts, cancellationToken: lost.Token)) yield return message;
        if (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            throw new TimeoutException($"the NATS server holding live consumer {consumer.Info.Name} stopped answering");
    }

    /// <summary>Removes the consumer now rather than when it times out; a failure leaves that to the timeout.</summary>
    public async Task CloseAsync(INatsJSConsumer consumer)
    {
        try
        {
            using var deadline = new CancellationTokenSource(BusServices.Timeout);
            await _js.DeleteConsumerAsync(EventFeed.StreamName, consumer.Info.Name, deadline.Token);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // Gone with the connection, or NATS away: the server drops it after Inactive.
        }
    }
}
