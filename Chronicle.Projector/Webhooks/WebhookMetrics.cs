using System.Diagnostics.Metrics;

namespace Chronicle.Projector.Webhooks;

/// <summary>
/// Deliveries as metrics, per endpoint (their number is bounded by Chronicle:Webhooks:MaxEndpoints):
/// <list type="bullet">
/// <item><c>chronicle.webhooks.deliveries{endpoint, outcome}</c>: attempts that were <c>delivered</c> (a 2xx) or
///   <c>failed</c> (another follows, or the event is dead-lettered), and events <c>dead_lettered</c> after their last attempt;</item>
/// <item><c>chronicle.webhooks.delivery.duration{endpoint}</c>: seconds an attempt took, whatever its outcome;</item>
/// <item><c>chronicle.webhooks.messages.expired{endpoint}</c>: feed messages the stream's retention dropped before the
///   endpoint's lane took them; the subscribed events among them were never delivered;</item>
/// <item><c>chronicle.webhooks.lane.running{endpoint}</c>: 1 while the endpoint's lane runs (or is still stopping), 0 while it is paused.</item>
/// </list>
/// Owned by the dispatcher, a singleton: the node that delivers reports them.
/// </summary>
internal sealed class WebhookMetrics : IDisposable
{
    public const string MeterName = "Chronicle.Webhooks";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _deliveries;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _expired;

    /// <summary>Each endpoint, and whether its lane runs: replaced whole by the dispatcher, read by the exporter's thread.</summary>
    private volatile IReadOnlyDictionary<string, bool> _lanes = new Dictionary<string, bool>();

    public WebhookMetrics()
    {
        _deliveries = _meter.CreateCounter<long>("chronicle.webhooks.deliveries", unit: "{delivery}",
            description: "Webhook attempts delivered or failed, and events dead-lettered after their last attempt");
        _duration = _meter.CreateHistogram("chronicle.webhooks.delivery.duration", unit: "s",
            description: "How long one webhook attempt took, connecting included, until the answer's status or the failure",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _expired = _meter.CreateCounter<long>("chronicle.webhooks.messages.expired", unit: "{message}",
            description: "Feed messages the stream's retention dropped before the endpoint's lane took them: the subscribed events among them were not delivered");
        _meter.CreateObservableGauge("chronicle.webhooks.lane.running",
            () => _lanes.Select(lane => new Measurement<int>(lane.Value ? 1 : 0, new KeyValuePair<string, object?>("endpoint", lane.Key))),
            unit: "{lane}", description: "1 while the webhook endpoint's lane runs (or is still stopping), 0 while the endpoint is paused");
    }

    public void LanesRunning(IReadOnlyDictionary<string, bool> lanes) => _lanes = lanes;

    public void Attempted(string endpointId, AttemptResult result)
    {
        var endpoint = new KeyValuePair<string, object?>("endpoint", endpointId);
        _deliveries.Add(1, endpoint, new KeyValuePair<string, object?>("outcome", result.Delivered ? WebhookStore.Delivered : WebhookStore.Failed));
        _duration.Record(result.Duration.TotalSeconds, endpoint);
    }

    public void DeadLettered(string endpointId) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("endpoint", endpointId), new KeyValuePair<string, object?>("outcome", WebhookStore.DeadLettered));

    public void CountExpired(string endpointId, ulong messages) =>
        _expired.Add(checked((long)messages), new KeyValuePair<string, object?>("endpoint", endpointId));

    public void Dispose() => _meter.Dispose();
}
