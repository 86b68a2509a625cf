using System.Threading.Channels;
using Akka.Event;
using Chronicle.Domain;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// The partitions' batches committed together (group commit): the batches the partitions hand in while a read-model
/// transaction runs all go into the next one, so a busy feed costs one commit per round of the partitions instead of one
/// per partition's batch, and no partition waits to gather more first. Idle, a batch is alone and goes at once. A
/// partition waits for its batch's commit as it waited for its own transaction, then acknowledges it.
/// <list type="bullet">
/// <item>A partition may hand in its next batches before the last has committed (<see cref="PartitionProjector"/>): those
///   waiting when a transaction begins go into it as one batch, in order, so what arrives while a transaction runs is in
///   the next one however the partition cut it. The last of them carries the counts and acknowledges them all.</item>
/// <item>A batch whose partition has stopped (its token cancelled) is not applied: not when its turn comes, and not by a
///   transaction still open when it stops, which then rolls back; the rest of that group is applied without it. So, as
///   when each partition committed alone, nothing of a stopped partition commits after it stopped unless its commit was
///   already on its way (a rebuild empties the read model only once every partition has stopped).</item>
/// <item>When a group's transaction fails, each partition's batch is tried alone: one partition's failure (a row the
///   database refuses) stops that partition, as before, not all of them. A batch that failed fails every later one of the
///   same incarnation of its partition too: applied, they would move its checkpoint past events never applied.</item>
/// </list>
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BatchApplier _applier;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _committing;
    // The incarnations of partitions (partition, token) whose batch failed: their later batches fail too.
    private readonly HashSet<(int Partition, CancellationToken Cancellation)> _failed = [];
    private long _transactions;

    public GroupCommit(BatchApplier applier, ILoggingAdapter log)
    {
        _applier = applier;
        _log = log;
        _committing = Task.Run(CommitAsync);
    }

    /// <summary>Read-model transactions begun: a test's measure of the grouping.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Completes once the batch is committed (with others or alone); fails when it was not.</summary>
    /// <param name="cancellationToken">The partition's: cancelled when it stops, which withdraws the batch if it has not committed.</param>
    public Task<BatchResult> ApplyAsync(int partition, IReadOnlyList<FeedDelivery> deliveries, CancellationToken cancellationToken)
    {
        var pending = new Pending(new PartitionBatch(partition, deliveries, cancellationToken));
        if (!_queue.Writer.TryWrite(pending)) pending.Done.SetException(new ObjectDisposedException(nameof(GroupCommit)));
        return pending.Done.Task;
    }

    private async Task CommitAsync()
    {
        // A partition's batches of an earlier incarnation may still wait, and are dropped when their turn comes (their
        // token is cancelled); one of a new incarnation behind them waits for the next transaction.
        var next = new List<Pending>();
        while (next.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            var group = new List<PartitionRun>();
            var later = new List<Pending>();
            _failed.RemoveWhere(f => f.Cancellation.IsCancellationRequested);
            foreach (var pending in next.Concat(Drain()))
            {
                var batch = pending.Batch;
                if (batch.Cancellation.IsCancellationRequested) pending.Done.TrySetCanceled(batch.Cancellation);
                else if (_failed.Contains((batch.Partition, batch.Cancellation))) pending.Done.TrySetException(EarlierBatchFailed(batch.Partition));
                else if (group.Find(r => r.Partition == batch.Partition) is not { } run) group.Add(new PartitionRun(pending));
                else if (run.Cancellation == batch.Cancellation) run.Pendings.Add(pending);
                else later.Add(pending);
            }
            next = later;
            if (group.Count > 0) await ApplyAsync(group);
        }
    }

    private IEnumerable<Pending> Drain()
    {
        while (_queue.Reader.TryRead(out var pending)) yield return pending;
    }

    private async Task ApplyAsync(List<PartitionRun> group)
    {
        try
        {
            Interlocked.Increment(ref _transactions);
            // Alone, the run's own token cancels its transaction outright, as when each partition committed alone.
            var token = group.Count == 1 ? group[0].Cancellation : _stopping.Token;
            var results = await _applier.ApplyAsync(group.ConvertAll(r => r.Batch()), token);
            for (var i = 0; i < group.Count; i++) group[i].Complete(results[i]);
            return;
        }
        catch (Exception e) when (group.Count == 1)
        {
            var run = group[0];
            if (run.Cancellation.IsCancellationRequested) run.Cancel();
            else
            {
                _failed.Add((run.Partition, run.Cancellation));
                run.Fail(e);
            }
            return;
        }
        catch (Exception e)
        {
            if (!group.Any(r => r.Cancellation.IsCancellationRequested))
                _log.Warning("projector: a transaction of {0} partitions' batches failed ({1}); each is tried alone", group.Count, e.Message);
        }
        foreach (var run in group)
        {
            if (run.Cancellation.IsCancellationRequested) run.Cancel();
            else await ApplyAsync([run]);
        }
    }

    private static OperationCanceledException EarlierBatchFailed(int partition) =>
        new($"an earlier batch of projector partition {partition} failed");

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _committing;
        _stopping.Dispose();
    }

    private sealed record Pending(PartitionBatch Batch)
    {
        public TaskCompletionSource<BatchResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A partition's batches (of one incarnation) waiting when a transaction begins, in the order handed in: applied as one.</summary>
    private sealed class PartitionRun(Pending first)
    {
        public List<Pending> Pendings { get; } = [first];

        public int Partition => first.Batch.Partition;

        public CancellationToken Cancellation => first.Batch.Cancellation;

        public PartitionBatch Batch() => Pendings.Count == 1
            ? first.Batch
            : new PartitionBatch(Partition, Pendings.SelectMany(p => p.Batch.Deliveries).ToList(), Cancellation);

        /// <summary>The last batch carries the run's counts and acknowledges it; the others only say where they ended.</summary>
        public void Complete(BatchResult result)
        {
            Invariant.Require(result.Position.Partition == Partition, "a run's result is its partition's");
            for (var i = 0; i < Pendings.Count - 1; i++)
            {
                var ended = new BatchPosition(Partition, Pendings[i].Batch.Deliveries[^1].StreamSequence, 0, null, 0);
                Pendings[i].Done.TrySetResult(new BatchResult(ended, 0, Acknowledges: false));
            }
            Pendings[^1].Done.TrySetResult(result);
        }

        public void Cancel() => Pendings.ForEach(p => p.Done.TrySetCanceled(Cancellation));

        public void Fail(Exception e) => Pendings.ForEach(p => p.Done.TrySetException(e));
    }
}
