using System.Threading.Channels;
using Akka.Event;
using Chronicle.Projector.Feed;
using Chronicle.Projector.Projection;

namespace Chronicle.Projector.Partitions;

/// <summary>
/// The partitions' batches committed together (group commit): the batches the partitions hand in while a read-model
/// transaction runs all go into the next one, so a busy feed costs one commit per round of the partitions instead of one
/// per partition's batch, and no partition waits to gather more first. Idle, a batch is alone and goes at once. A
/// partition waits for its batch's commit as it waited for its own transaction, then acknowledges it.
/// <list type="bullet">
/// <item>A batch whose partition has stopped (its token cancelled) is not applied: not when its turn comes, and not by a
///   transaction still open when it stops, which then rolls back; the rest of that group is applied without it. So, as
///   when each partition committed alone, nothing of a stopped partition commits after it stopped unless its commit was
///   already on its way (a rebuild empties the read model only once every partition has stopped).</item>
/// <item>When a group's transaction fails, each of its batches is tried alone: one partition's failure (a row the
///   database refuses) stops that partition, as before, not all of them.</item>
/// </list>
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly BatchApplier _applier;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _committing;
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
        // A partition has one batch in flight; one of a partition's earlier incarnation may still wait (and is dropped when
        // its turn comes): a second batch of a partition waits for the next transaction.
        var next = new List<Pending>();
        while (next.Count > 0 || await _queue.Reader.WaitToReadAsync())
        {
            var group = new List<Pending>();
            var later = new List<Pending>();
            foreach (var pending in next.Concat(Drain()))
            {
                if (pending.Batch.Cancellation.IsCancellationRequested) pending.Done.TrySetCanceled(pending.Batch.Cancellation);
                else if (group.Any(p => p.Batch.Partition == pending.Batch.Partition)) later.Add(pending);
                else group.Add(pending);
            }
            next = later;
            if (group.Count > 0) await ApplyAsync(group);
        }
    }

    private IEnumerable<Pending> Drain()
    {
        while (_queue.Reader.TryRead(out var pending)) yield return pending;
    }

    private async Task ApplyAsync(List<Pending> group)
    {
        try
        {
            Interlocked.Increment(ref _transactions);
            // Alone, the batch's own token cancels its transaction outright, as when each partition committed alone.
            var token = group.Count == 1 ? group[0].Batch.Cancellation : _stopping.Token;
            var results = await _applier.ApplyAsync(group.ConvertAll(p => p.Batch), token);
            for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(results[i]);
            return;
        }
        catch (Exception e) when (group.Count == 1)
        {
            group[0].Done.TrySetException(e);
            return;
        }
        catch (Exception e)
        {
            if (!group.Any(p => p.Batch.Cancellation.IsCancellationRequested))
                _log.Warning("projector: a transaction of {0} partitions' batches failed ({1}); each is tried alone", group.Count, e.Message);
        }
        foreach (var pending in group)
        {
            if (pending.Batch.Cancellation.IsCancellationRequested) pending.Done.TrySetCanceled(pending.Batch.Cancellation);
            else await ApplyAsync([pending]);
        }
    }

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
}
