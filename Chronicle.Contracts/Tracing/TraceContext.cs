using System.Diagnostics;
using System.Text.Json;
using Chronicle.Contracts.Serialization;

namespace Chronicle.Contracts.Tracing;

/// <summary>
/// W3C trace context as the ledger carries it between the hops of a write (docs/TRACING.md): a command sent to its
/// account (<see cref="Accounts.TracedCommand"/>), the event in the journal (a top-level <see cref="TraceParent"/>
/// member beside its hash, outside the hash chain), the feed's NATS message (a <see cref="TraceParent"/> header).
/// The spans of those hops are started detached: they do not become <see cref="Activity.Current"/> of the thread
/// that starts them (an actor's, a stream stage's), so nothing else that runs there later is taken for their child.
/// </summary>
public static class TraceContext
{
    /// <summary>The W3C name: the NATS header, and the member of a stored event, that holds the context.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>The traceparent of <paramref name="span"/> (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>); null without one.</summary>
    public static string? Of(Activity? span) => span is { IdFormat: ActivityIdFormat.W3C } ? span.Id : null;

    /// <summary>The context <paramref name="traceParent"/> names; default (none) when null or malformed.</summary>
    public static ActivityContext Parse(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>
    /// A span of <paramref name="source"/> under <paramref name="parent"/>, or null when nobody listens or the sampler
    /// drops it; <see cref="Activity.Current"/> is left as it was.
    /// </summary>
    public static Activity? StartDetached(ActivitySource source, string name, ActivityKind kind, ActivityContext parent)
    {
        if (!source.HasListeners()) return null;
        var current = Activity.Current;
        var span = source.StartActivity(name, kind, parent);
        Activity.Current = current;
        return span;
    }

    /// <summary>Ends a span started by <see cref="StartDetached"/> (Stop would make its parent current); null or ended already: nothing.</summary>
    public static void Stop(Activity? span, ActivityStatusCode status = ActivityStatusCode.Unset, string? why = null)
    {
        if (span is null || span.IsStopped) return;
        var current = Activity.Current;
        if (status != ActivityStatusCode.Unset) span.SetStatus(status, why);
        span.Stop();
        Activity.Current = current;
    }

    /// <summary>
    /// The <see cref="TraceParent"/> a stored event carries; null when it has none (every event written untraced, and
    /// every one written before events carried it). Only the top level of the payload is read.
    /// </summary>
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    public static string? StoredIn(ReadOnlySpan<byte> payload) => TopLevel.TryString(payload, TraceParent, out var value) ? value : null;
}
