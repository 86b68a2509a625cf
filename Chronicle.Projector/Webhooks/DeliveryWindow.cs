namespace Chronicle.Projector.Webhooks;

/// <summary>
/// One lane's messages between delivery and checkpoint. Messages start in stream order and finish in any
/// order (accounts go side by side); the checkpoint is the last message below which every one has finished,
/// so a restart from it skips nothing. Thread-safe: deliveries finish on their own tasks.
/// </summary>
/// <typeparam name="T">What is kept with a sequence: the message to acknowledge once the checkpoint reaches it.</typeparam>
internal sealed class DeliveryWindow<T>(ulong checkpoint) where T : class
{
    private readonly Queue<Entry> _started = new();
    private readonly Dictionary<ulong, Entry> _open = new();
    private ulong _highestStarted = checkpoint;

    /// <summary>The stream sequence up to which every message has finished.</summary>
    public ulong Checkpoint { get; private set; } = checkpoint;

    /// <summary>What was started with <see cref="Checkpoint"/>; null until the checkpoint moved.</summary>
    public T? CheckpointItem { get; private set; }

    /// <summary>
    /// Starts <paramref name="sequence"/>; false when it is at or below one started already: a redelivery
    /// of something this lane has (JetStream sends a message again when its ack wait passes).
    /// </summary>
    public bool TryStart(ulong sequence, T item)
    {
        lock (_started)
        {
            if (sequence <= _highestStarted) return false;
            _highestStarted = sequence;
            var entry = new Entry(sequence, item);
            _started.Enqueue(entry);
            _open[sequence] = entry;
            return true;
        }
    }

    /// <summary>Marks <paramref name="sequence"/> finished (delivered, dead-lettered or not for this endpoint) and moves the checkpoint over what is finished.</summary>
    public void Finish(ulong sequence)
    {
        lock (_started)
        {
            if (!_open.Remove(sequence, out var entry)) throw new InvalidOperationException($"stream sequence {sequence} finished twice or never started");
            entry.Finished = true;
            while (_started.TryPeek(out var first) && first.Finished)
            {
                _started.Dequeue();
                Checkpoint = first.Sequence;
                CheckpointItem = first.Item;
            }
        }
    }

    /// <summary>The checkpoint and its message, read together.</summary>
    public (ulong Checkpoint, T? Item) Snapshot()
    {
        lock (_started) return (Checkpoint, CheckpointItem);
    }

    private sealed class Entry(ulong sequence, T item)
    {
        public ulong Sequence { get; } = sequence;
        public T Item { get; } = item;
        public bool Finished { get; set; }
    }
}
