using Chronicle.Actors.Pipeline;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Chronicle.Gateway.Dashboard;

/// <summary>
/// The gateway's read-only door into the event feed (docs/EVENT-FEED.md), for the dashboard: the
/// stream's position and ordered consumers for live streams. One connection per node, shared by every
/// stream open on it (NATS multiplexes subscriptions), riding out NATS restarts by reconnecting.
/// </summary>
public sealed class FeedReader : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;

    public FeedReader(string natsUrl)
    {
        _connection = new NatsConnection(new NatsOpts { Url = natsUrl, Name = "chronicle-dashboard", ConnectTimeout = Timeout, RequestTimeout = Timeout });
        _js = new NatsJSContext(_connection);
    }

    /// <summary>The stream's last sequence: how many events the feed has ever held (messages are never deleted).</summary>
    public async Task<ulong> LastSequenceAsync(CancellationToken cancellationToken)
    {
        var stream = await _js.GetStreamAsync(EventFeed.StreamName, cancellationToken: cancellationToken);
        return stream.Info.State.LastSeq;
    }

    /// <summary>
    /// An ordered consumer from <paramref name="startSequence"/> on, limited to <paramref name="subject"/>:
    /// ephemeral (gone when the client goes), and it recreates itself from the last sequence it delivered
    /// when it misses a message, so what it yields has no hole.
    /// </summary>
    public async Task<INatsJSConsumer> OpenAsync(ulong startSequence, string subject, CancellationToken cancellationToken) =>
        await _js.CreateOrderedConsumerAsync(EventFeed.StreamName, new NatsJSOrderedConsumerOpts
        {
            FilterSubjects = [subject],
            DeliverPolicy = ConsumerConfigDeliverPolicy.ByStartSequence,
            OptStartSeq = startSequence,
        }, cancellationToken);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
