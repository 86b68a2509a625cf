using Akka.Event;
using Chronicle.Contracts.Feed;
using Chronicle.Projector.Consumers;
using Chronicle.Tests.Infrastructure;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A feed reader that falls behind loses no delivery: against a real nats-server, more messages are delivered to the
/// consumer than its connection queues for the reader (NATS.Net queues twice a pull's batch) before the reader takes them.
/// </summary>
public sealed class CheckpointedConsumerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private const int PullBatch = 1_000;

    /// <summary>What NATS.Net queues for a consumer's reader: twice its pull's batch.</summary>
    private const int QueuedForTheReader = 2 * PullBatch;

    [Fact]
    public async Task Deliveries_beyond_the_queue_wait_for_the_reader_instead_of_being_dropped()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var publisher = new NatsConnection(new NatsOpts { Url = nats.Url, Name = "chronicle-test-publisher" });
        var js = new NatsJSContext(publisher);
        await js.CreateStreamAsync(new StreamConfig(EventFeed.StreamName, [EventFeed.AllSubjects]));
        var subject = EventFeed.SubjectFor("account-behind");
        var placement = new ConsumerPlacement("behind", EventFeed.PartitionFilter(EventFeed.PartitionOf("behind")), AckWait: TimeSpan.FromMinutes(10),
            MaxAckPending: 10_000);
        await using var consumer = await CheckpointedConsumer.StartAsync(nats.Url, TimeSpan.FromSeconds(5), placement, checkpoint: 0,
            NoLogger.Instance, CancellationToken.None);
        using var reading = new CancellationTokenSource(Deadline);
        await using var messages = consumer.ConsumeAsync(PullBatch, reading.Token).GetAsyncEnumerator(reading.Token);

        // The reader takes the first message and holds it, as a projector busy with a batch does. The client pulls a
        // batch more each time nothing has come for two heartbeats: three pulls in all, more than it queues.
        await publisher.PublishAsync(subject, new byte[] { 1 });
        Assert.True(await messages.MoveNextAsync());
        const int published = 3 * PullBatch;
        for (var i = 1; i < published; i++) await publisher.PublishAsync(subject, new byte[] { 1 });
        await Eventually.Until(async () => (await js.GetConsumerAsync(EventFeed.StreamName, "behind")).Info.NumAckPending,
            sent => sent > QueuedForTheReader + 100, Deadline, "the server sending past what the client queues for the reader");

        var delivered = new List<(ulong Delivery, ulong Stream)> { Sequences(messages.Current) };
        try
        {
            while (delivered.Count < published && await messages.MoveNextAsync()) delivered.Add(Sequences(messages.Current));
        }
        catch (OperationCanceledException)
        {
            // The deadline: what did arrive shows which deliveries did not.
        }
        Assert.Equal(Enumerable.Range(1, published).Select(n => ((ulong)n, (ulong)n)), delivered);
    }

    private static (ulong Delivery, ulong Stream) Sequences(INatsJSMsg<byte[]> message) =>
        (message.Metadata!.Value.Sequence.Consumer, message.Metadata!.Value.Sequence.Stream);
}
