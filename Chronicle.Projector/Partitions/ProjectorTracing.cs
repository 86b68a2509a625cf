using System.Diagnostics;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Tracing;
using NATS.Client.Core;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// The projector's span (docs/TRACING.md): one event of the feed applied to the read model, from its delivery to the
/// commit of its batch (one transaction for the batch and its checkpoint), under the forwarder's publish span (the
/// message's <see cref="TraceContext.TraceParent"/> header).
/// </summary>
public static class ProjectorTracing
{
    public const string SourceName = "Chronicle.Projector";

    public const string ApplySpan = "projector apply";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of one delivered message; null when it carries no context or nobody records it.</summary>
    internal static Activity? StartApply(NatsHeaders? headers, int partition, ulong streamSequence, int batchMessages)
    {
        if (headers is null || !Source.HasListeners() || !headers.TryGetValue(TraceContext.TraceParent, out var traceParent)) return null;
        var span = TraceContext.StartDetached(Source, ApplySpan, ActivityKind.Consumer, TraceContext.Parse(traceParent.ToString()));
        span?.SetTag("messaging.system", "nats")
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.destination.name", EventFeed.StreamName)
            .SetTag("messaging.destination.partition.id", partition)
            .SetTag("messaging.message.id", streamSequence)
            .SetTag("messaging.batch.message_count", batchMessages);
        if (span is not null && headers.TryGetValue(EventFeed.EventTypeHeader, out var eventType)) span.SetTag("chronicle.event_type", eventType.ToString());
        return span;
    }

    /// <summary>Ends the spans of a batch: committed, or failed (the batch comes again, under new spans).</summary>
    internal static void Ended(IEnumerable<Activity?> spans, Exception? failure)
    {
        foreach (var span in spans)
            TraceContext.Stop(span, failure is null ? ActivityStatusCode.Unset : ActivityStatusCode.Error, failure?.GetType().Name);
    }
}
