using System.Diagnostics;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Tracing;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// The forwarder's span (docs/TRACING.md): one event published to the feed, from its send to the stream's
/// acknowledgement, under the journal write that stored it (the context the event carries in the journal). Its context
/// goes on in the message's <see cref="TraceContext.TraceParent"/> header, to the projector.
/// </summary>
public static class FeedTracing
{
    public const string SourceName = "Chronicle.Feed";

    public const string PublishSpan = "feed publish";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The context a journal row carries, read only while someone listens: untraced, the forwarder reads nothing more.</summary>
    internal static string? TraceParentOf(byte[] payload) => Source.HasListeners() ? TraceContext.StoredIn(payload) : null;

    /// <summary>The span of <paramref name="message"/>'s publish; null when the event carries no context or nobody records it.</summary>
    internal static Activity? StartPublish(FeedMessage message)
    {
        if (message.TraceParent is null) return null;
        var span = TraceContext.StartDetached(Source, PublishSpan, ActivityKind.Producer, TraceContext.Parse(message.TraceParent));
        span?.SetTag("messaging.system", "nats")
            .SetTag("messaging.operation.type", "send")
            .SetTag("messaging.destination.name", EventFeed.StreamName)
            .SetTag("chronicle.ordering", message.Ordering)
            .SetTag("chronicle.event_type", message.EventType)
            .SetTag("chronicle.version", message.SequenceNr);
        return span;
    }
}
