using System.Collections.Concurrent;
using System.Diagnostics;
using Chronicle.Contracts.Tracing;
using Chronicle.Gateway.Telemetry;

namespace Chronicle.Tests.Infrastructure;

/// <summary>
/// A real listener on the ledger's trace sources and ASP.NET Core's, in this process, that records only the spans of
/// one trace: the one <see cref="StartRoot"/> begins, as a client's span. Every other trace (other tests' nodes run in
/// this process too) is sampled out, so their spans are never made.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    /// <summary>ASP.NET Core's server spans.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string ClientSource = "Chronicle.Tests.Client";

    private readonly ActivitySource _client = new(ClientSource);
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _ended = new();
    private ActivityTraceId _trace;

    public SpanCollector()
    {
        string[] sources = [.. TracingHosting.Sources, AspNetCoreSource, ClientSource];
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source.Name == ClientSource || options.Parent.TraceId == _trace && _trace != default
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None,
            ActivityStopped = span =>
            {
                if (span.TraceId == _trace) _ended.Enqueue(span);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The client's span the trace starts with; a request sent with its <see cref="TraceContext.Of"/> continues it.</summary>
    public Activity StartRoot()
    {
        var root = TraceContext.StartDetached(_client, "test client", ActivityKind.Client, default) ?? throw new InvalidOperationException("the root span was not sampled");
        _trace = root.TraceId;
        return root;
    }

    /// <summary>The spans of the trace ended so far.</summary>
    public IReadOnlyList<Activity> Ended => [.. _ended];

    public void Dispose()
    {
        _listener.Dispose();
        _client.Dispose();
    }
}
