using Akka.Actor;
using Akka.Event;
using Chronicle.Actors.EventStore;
using Chronicle.Contracts.Transfers;
using Npgsql;

namespace Chronicle.Actors.Transfers;

/// <summary>
/// Finds the transfers that were started and never ended, and wakes their source accounts: the explicit
/// recovery scan that makes an interrupted transfer finish, and a hold expire, without any client asking
/// again, after a restart of the whole cluster or when the node running the source died. A cluster singleton.
///
/// Each scan reads the journal's rows that open a transfer (sent, held) or end it (settled, returned,
/// released) above a watermark, and groups them by transfer: one with no ending row is open. The source
/// accounts of those found open by two scans in a row (or by the first scan after this singleton started:
/// nobody else runs them then) get a <see cref="ResumeTransfers"/>; a running account ignores it, a stopped
/// one starts, and on recovery sends again every credit it has no answer to and expires its overdue holds.
///
/// A pass reads the journal in pages and keeps where it is between messages: a message that runs out
/// of its deadline, or meets the event store away, leaves the pass at its first unread page, and the
/// next message goes on from there. So a pass longer than any deadline still finishes.
///
/// The watermark moves up to where everything below is known finished, and is stored
/// (transfer_recovery_watermark), so a scan reads only the recent journal. It never passes a row
/// that might still commit: a journal ordering taken by an INSERT becomes visible at COMMIT, which
/// the server bounds (<see cref="JournalTransactionBound.Longest"/>); so it only passes a head read
/// at least that long ago.
/// </summary>
internal sealed class TransferRecovery : ReceiveActor, IWithTimers
{
    public const string SingletonName = "transfer-recovery";

    private readonly IActorRef _accounts;
    private readonly TransferSettings _settings;
    private readonly JournalTable _journal;
    private readonly TransferRecoveryWatermark _watermarkTable;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<(DateTimeOffset ReadAt, long Head)> _unsettledHeads = new();
    private long? _watermark;
    private long _settledHead;
    private IReadOnlySet<string>? _unfinishedLastScan;
    private ScanPass? _pass;

    public TransferRecovery(IActorRef accounts, string eventStore, TransferSettings settings)
    {
        _accounts = accounts;
        _settings = settings;
        // One data source for both tables, owned (and disposed) by the journal reader.
        var dataSource = NpgsqlDataSource.Create(eventStore);
        _journal = new JournalTable(dataSource);
        _watermarkTable = new TransferRecoveryWatermark(dataSource);

        ReceiveAsync<Scan>(async _ =>
        {
            var next = _settings.RecoveryScanInterval;
            // Bounds one message, not the pass: a pass that reads more than fits in it goes on in the next.
            using var deadline = new CancellationTokenSource(_settings.RecoveryScanInterval * 3);
            try
            {
                await ScanAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // Far to read (a watermark held low, a long outage) or a slow server: not a failure. What the
                // pass has read is kept, and the next message goes on from there at once.
                _log.Info("transfer recovery: the scan goes on from ordering {0} of {1}", _pass?.After, _pass?.Head);
                next = TimeSpan.Zero;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _log.Warning("transfer recovery: the event store did not answer ({0}); the scan goes on from ordering {1} in {2}", e.Message,
                    _pass?.After, _settings.RecoveryScanInterval);
            }

            Timers.StartSingleTimer(nameof(Scan), Scan.Instance, next);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef accounts, string eventStore, TransferSettings settings) =>
        Akka.Actor.Props.Create(() => new TransferRecovery(accounts, eventStore, settings));

    protected override void PreStart() => Self.Tell(Scan.Instance);

    protected override void PostStop() => _journal.Dispose();

    /// <summary>
    /// Goes on with the pass under way (or starts one at the watermark) page by page up to the head it read;
    /// a cancellation or failure leaves it at the first page not read, for the next message.
    /// </summary>
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var watermark = _watermark ??= await _watermarkTable.LoadAsync(cancellationToken);
        if (_pass is null)
        {
            var readAt = _settings.Clock();
            _pass = new ScanPass(readAt, await _journal.HeadAsync(cancellationToken), watermark);
        }

        var pass = _pass;
        while (pass.After < pass.Head)
        {
            var upTo = Math.Min(pass.Head, pass.After + _settings.RecoveryScanPageOrderings);
            pass.Add(await _journal.TransfersAsync(pass.After, upTo, cancellationToken));
            pass.After = upTo;
        }

        _pass = null;
        Resume(pass.Unfinished);
        await AdvanceWatermarkAsync(pass.ReadAt, pass.Head, pass.Unfinished.Count == 0 ? long.MaxValue : pass.Unfinished.Values.Min(o => o.FirstOrdering) - 1,
            cancellationToken);
    }

    private void Resume(Dictionary<string, (string SourceAccountId, long FirstOrdering, bool PendingAtTarget)> unfinished)
    {
        var stuck = unfinished.Where(open => _unfinishedLastScan?.Contains(open.Key) ?? true).Take(_settings.MaxResumesPerScan).ToList();
        foreach (var accountId in stuck.Select(open => open.Value.SourceAccountId).Distinct(StringComparer.Ordinal))
            _accounts.Tell(new ResumeTransfers(accountId));
        if (stuck.Count > 0)
        {
            _log.Info("transfer recovery: woke the sources of {0} open transfer(s)", stuck.Count);
        }
        // Counted even when 0: the series is scraped from the first scan on, so a rate over it has data.
        TransferMetrics.ResumedByRecovery(stuck.Count);
        _unfinishedLastScan = unfinished.Keys.ToHashSet(StringComparer.Ordinal);
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

    /// <summary>One pass over the journal from the watermark to the head read when it began, and what it has found so far.</summary>
    private sealed class ScanPass(DateTimeOffset readAt, long head, long after)
    {
        public DateTimeOffset ReadAt { get; } = readAt;

        public long Head { get; } = head;

        /// <summary>Every ordering up to this one is read.</summary>
        public long After { get; set; } = after;

        /// <summary>Transfers with no ending row yet, with their source, their first ordering and whether their target was told.</summary>
        public Dictionary<string, (string SourceAccountId, long FirstOrdering, bool PendingAtTarget)> Unfinished { get; } = new(StringComparer.Ordinal);

        public void Add(IEnumerable<TransferRows> page)
        {
            foreach (var transfer in page)
            {
                // A transfer's rows can span pages; its opening comes first. One opened below the pass (no opening read) had
                // ended when the watermark passed it: what is read of it now are its last rows.
                var known = Unfinished.TryGetValue(transfer.TransferId, out var open);
                if (!known && transfer.PendingAtTarget is null) continue;
                var pendingAtTarget = known ? open.PendingAtTarget : transfer.PendingAtTarget!.Value;
                // Returned or released at its source, a transfer whose target was told still awaits the target's release.
                if (transfer.Ended || transfer.EndedHere && !pendingAtTarget) Unfinished.Remove(transfer.TransferId);
                else if (!known) Unfinished.Add(transfer.TransferId, (transfer.SourceAccountId, transfer.FirstOrdering, pendingAtTarget));
            }
        }
    }

    private sealed record Scan
    {
        public static readonly Scan Instance = new();
    }
}
