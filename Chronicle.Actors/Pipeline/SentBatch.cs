using System.Diagnostics;
using Chronicle.Contracts.Tracing;
using NATS.Client.JetStream;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// A batch of feed messages sent to the stream (<see cref="JetStreamFeed.SendAsync"/>), and what its acknowledgements
/// still owe: each message's future and its publish span, ended by the acknowledgement or with the batch's failure.
/// </summary>
internal sealed class SentBatch(IReadOnlyList<FeedMessage> messages) : IAsyncDisposable
{
    private readonly List<NatsJSPublishConcurrentFuture> _pending = new(messages.Count);
    private readonly List<Activity?> _spans = new(messages.Count);

    public void Add(NatsJSPublishConcurrentFuture pending, Activity? span)
    {
        _pending.Add(pending);
        _spans.Add(span);
    }

    /// <summary>
    /// Returns once the stream stored every message, in order; throws when it refused one (its error) or took one as a
    /// duplicate, which did not grow the stream, so the messages sent after it expect a sequence it does not have.
    /// </summary>
    public async Task<IReadOnlyList<FeedMessage>> AcknowledgedAsync(CancellationToken cancellationToken)
    {
        await using (this)
        {
            for (var i = 0; i < _pending.Count; i++)
            {
                var ack = await _pending[i].GetResponseAsync(cancellationToken);
                if (ack.Error is { } error) throw new NatsJSApiException(error);
                if (ack.Duplicate)
                    throw new InvalidOperationException($"the stream already held {messages[i].MsgId} (another forwarder wrote it): starting over from the stream");
                _spans[i]?.SetTag("messaging.message.id", ack.Seq);
                TraceContext.Stop(_spans[i]);
            }
            return messages;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pending in _pending) await pending.DisposeAsync();
        _pending.Clear();
        // Not acknowledged: the forwarder starts over and publishes these again, each under a span of its own.
        foreach (var span in _spans) TraceContext.Stop(span, ActivityStatusCode.Error, "not acknowledged");
    }
}
