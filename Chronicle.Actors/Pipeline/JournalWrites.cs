using Akka.Actor;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// The node's "a journal write is durable" signal to the forwarder: an account calls <see cref="Written"/> once the
/// journal confirmed its event, and the forwarder, waiting in <see cref="WaitAsync"/>, reads the journal at once
/// instead of at its next poll. Coalesced: however many writes land while the forwarder reads, they wake it once
/// afterwards, and a write costs one volatile read while a wake-up is already due. Local to the node (an extension of
/// its actor system): writes on the other ledger nodes reach the forwarder by its poll
/// (<see cref="ForwarderOptions.PollInterval"/>).
/// </summary>
public sealed class JournalWrites : IExtension
{
    // Unbounded on purpose: a write racing a timed-out wait can release twice, which costs one extra read, never a throw.
    private readonly SemaphoreSlim _wake = new(0);
    private int _due;

    public static JournalWrites For(ActorSystem system) => system.WithExtension<JournalWrites, JournalWritesProvider>();

    /// <summary>An event is durable in the journal (its transaction committed).</summary>
    public void Written()
    {
        if (Volatile.Read(ref _due) == 1 || Interlocked.Exchange(ref _due, 1) == 1) return;
        _wake.Release();
    }

    /// <summary>Returns once a write was signalled since the last return, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _wake.WaitAsync(timeout, cancellationToken);
        // Before the caller reads: a write confirmed from now on wakes the next wait.
        Interlocked.Exchange(ref _due, 0);
    }
}

internal sealed class JournalWritesProvider : ExtensionIdProvider<JournalWrites>
{
    public override JournalWrites CreateExtension(ExtendedActorSystem system) => new();
}
