using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// The journal's write path: every account's rows queue here and go to the database in batches, one batch in flight
/// at a time, each one statement (<see cref="JournalInsert"/>). While a batch commits the next one fills up, so the
/// database sees few large transactions, one fsync each, instead of many small ones: the more load, the larger the
/// batches. In place of Akka.Persistence.Sql's write queue (an Akka.Streams queue in front of linq2db, a transaction
/// of several round trips per batch), which cost more CPU per batch than the insert itself (docs/BENCHMARKS.md).
/// </summary>
/// <remarks>
/// A batch fails as a whole: the statement wrote nothing. When it failed on a unique key (a sequence number two
/// incarnations of one account both wrote, an idempotency tag used twice) each write of the batch is then sent alone,
/// so one account's conflict fails that account's write and not the others' that happened to share its batch.
/// </remarks>
internal sealed class JournalWriter : IAsyncDisposable
{
    private readonly NpgsqlDataSource _eventStore;
    private readonly string _writerUuid;
    private readonly int _maxBatchRows;
    private readonly Action _committed;
    private readonly Channel<PendingWrite> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <param name="maxBatchRows">The most rows one batch takes, unless a single write holds more (it is never split).</param>
    /// <param name="maxQueuedWrites">Writes waiting beyond this are refused at once: the database is not keeping up.</param>
    /// <param name="committed">Told as each batch commits, before its writers are: the forwarder's wake-up
    /// (<see cref="Pipeline.JournalWrites"/>), which so reads the rows while the accounts still fold them.</param>
    public JournalWriter(NpgsqlDataSource eventStore, string writerUuid, int maxBatchRows, int maxQueuedWrites, Action committed)
    {
        Debug.Assert(maxBatchRows > 0 && maxQueuedWrites > 0);
        (_eventStore, _writerUuid, _maxBatchRows, _committed) = (eventStore, writerUuid, maxBatchRows, committed);
        _queue = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(maxQueuedWrites)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes once <paramref name="rows"/> (one account's write call, never empty) are durable; faults if they were not written.</summary>
    public Task WriteAsync(IReadOnlyList<NewJournalRow> rows)
    {
        Debug.Assert(rows.Count > 0);
        var write = new PendingWrite(rows);
        if (!_queue.Writer.TryWrite(write))
            write.Fail(new InvalidOperationException(_stopping.IsCancellationRequested
                ? "the journal is stopping"
                : "the journal's write queue is full: the event store is not keeping up"));
        return write.Durable;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>();
        var rows = new List<NewJournalRow>(_maxBatchRows);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                while (rows.Count < _maxBatchRows && _queue.Reader.TryRead(out var write))
                {
                    batch.Add(write);
                    rows.AddRange(write.Rows);
                }
                await WriteBatchAsync(batch, rows);
                batch.Clear();
                rows.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        var stopped = new InvalidOperationException("the journal is stopping");
        foreach (var write in batch) write.Fail(stopped);
        while (_queue.Reader.TryRead(out var write)) write.Fail(stopped);
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch, List<NewJournalRow> rows)
    {
        try
        {
            await JournalInsert.WriteAsync(_eventStore, rows, _writerUuid);
            _committed();
            foreach (var write in batch) write.Succeed();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && batch.Count > 1)
        {
            // The statement wrote nothing; find whose write it was.
            foreach (var write in batch) await WriteAloneAsync(write);
        }
        catch (Exception e)
        {
            foreach (var write in batch) write.Fail(e);
        }
    }

    private async Task WriteAloneAsync(PendingWrite write)
    {
        try
        {
            await JournalInsert.WriteAsync(_eventStore, write.Rows, _writerUuid);
            _committed();
            write.Succeed();
        }
        catch (Exception e)
        {
            write.Fail(e);
        }
    }

    /// <summary>Stops taking writes; a batch in flight finishes, what still waits fails.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private sealed class PendingWrite(IReadOnlyList<NewJournalRow> rows)
    {
        private readonly TaskCompletionSource _durable = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<NewJournalRow> Rows => rows;

        public Task Durable => _durable.Task;

        public void Succeed() => _durable.TrySetResult();

        public void Fail(Exception cause) => _durable.TrySetException(cause);
    }
}
