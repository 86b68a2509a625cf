using Akka.Actor;
using Akka.Event;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Transfers;
using Npgsql;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// Finds the transfers that were started and never finished, and resumes them: the explicit
/// recovery scan that makes an interrupted saga finish without any client asking again, after a
/// restart of the whole cluster or when the node running it died. A cluster singleton.
///
/// Each scan reads the journal's transfer rows above a watermark and groups them by transfer: one
/// with no final event (completed or failed) is unfinished. Those found unfinished by two scans in a
/// row (or by the first scan after this singleton started: nobody else runs them then) get a
/// <see cref="ResumeTransfer"/>, which a running saga ignores and a stopped one recovers from.
///
/// The watermark moves up to where everything below is known finished, and is stored
/// (transfer_recovery_watermark), so a scan reads only the recent journal. It never passes a row
/// that might still commit: a journal ordering taken by an INSERT becomes visible at COMMIT, which
/// the server bounds (<see cref="JournalTransactionBound.Longest"/>); so it only passes a head read
/// at least that long ago.
/// </summary>
public sealed class TransferRecovery : ReceiveActor, IWithTimers
{
    public const string SingletonName = "transfer-recovery";

    private readonly IActorRef _transfers;
    private readonly TransferSettings _settings;
    private readonly NpgsqlDataSource _eventStore;
    private readonly JournalTable _journal;
    private readonly TransferRecoveryWatermark _watermarkTable;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<(DateTimeOffset ReadAt, long Head)> _unsettledHeads = new();
    private long? _watermark;
    private long _settledHead;
    private IReadOnlySet<string>? _unfinishedLastScan;

    public TransferRecovery(IActorRef transfers, string eventStore, TransferSettings settings)
    {
        _transfers = transfers;
        _settings = settings;
        _eventStore = NpgsqlDataSource.Create(eventStore);
        _journal = new JournalTable(_eventStore);
        _watermarkTable = new TransferRecoveryWatermark(_eventStore);

        ReceiveAsync<Scan>(async _ =>
        {
            try
            {
                await ScanAsync();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _log.Warning("transfer recovery: the event store did not answer ({0}); scanning again in {1}", e.Message,
                    _settings.RecoveryScanInterval);
            }

            Timers.StartSingleTimer(nameof(Scan), Scan.Instance, _settings.RecoveryScanInterval);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef transfers, string eventStore, TransferSettings settings) =>
        Akka.Actor.Props.Create(() => new TransferRecovery(transfers, eventStore, settings));

    protected override void PreStart() => Self.Tell(Scan.Instance);

    protected override void PostStop() => _eventStore.Dispose();

    private async Task ScanAsync()
    {
        using var deadline = new CancellationTokenSource(_settings.RecoveryScanInterval * 3);
        var watermark = _watermark ??= await _watermarkTable.LoadAsync(deadline.Token);
        var readAt = _settings.Clock();
        var head = await _journal.HeadAsync(deadline.Token);

        var unfinished = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var after = watermark; after < head; after += _settings.RecoveryScanPageOrderings)
        {
            var upTo = Math.Min(head, after + _settings.RecoveryScanPageOrderings);
            foreach (var transfer in await _journal.TransfersAsync(after, upTo, deadline.Token))
            {
                // A transfer's rows can span pages: its final event, wherever it is, finishes it.
                if (transfer.Finished) unfinished.Remove(transfer.TransferId);
                else unfinished.TryAdd(transfer.TransferId, transfer.FirstOrdering);
            }
        }

        Resume(unfinished.Keys);
        await AdvanceWatermarkAsync(readAt, head, unfinished.Count == 0 ? long.MaxValue : unfinished.Values.Min() - 1, deadline.Token);
    }

    private void Resume(IEnumerable<string> unfinished)
    {
        var stuck = unfinished.Where(id => _unfinishedLastScan?.Contains(id) ?? true).Take(_settings.MaxResumesPerScan).ToList();
        foreach (var transferId in stuck) _transfers.Tell(new ResumeTransfer(transferId));
        if (stuck.Count > 0)
        {
            _log.Info("transfer recovery: resumed {0} unfinished transfer(s)", stuck.Count);
        }
        // Counted even when 0: the series is scraped from the first scan on, so a rate over it has data.
        TransferMetrics.ResumedByRecovery(stuck.Count);
        _unfinishedLastScan = unfinished.ToHashSet(StringComparer.Ordinal);
    }

    /// <param name="belowUnfinished">The highest ordering below every unfinished transfer's first row.</param>
    private async Task AdvanceWatermarkAsync(DateTimeOffset readAt, long head, long belowUnfinished, CancellationToken cancellationToken)
    {
        _unsettledHeads.Enqueue((readAt, head));
        while (_unsettledHeads.Count > 0 && readAt - _unsettledHeads.Peek().ReadAt >= JournalTransactionBound.Longest)
            _settledHead = _unsettledHeads.Dequeue().Head;

        var advanced = Math.Min(_settledHead, belowUnfinished);
        if (advanced <= _watermark) return;
        await _watermarkTable.SaveAsync(advanced, cancellationToken);
        _watermark = advanced;
    }

    private sealed record Scan
    {
        public static readonly Scan Instance = new();
    }
}
