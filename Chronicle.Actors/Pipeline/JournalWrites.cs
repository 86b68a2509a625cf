using Akka.Actor;

namespace Chronicle.Actors.Pipeline;

/// <summary>
/// The node's "journal rows committed" signal to the forwarder: the journal writer calls <see cref="Written"/> as each
/// batch commits (<see cref="EventStore.JournalWriter"/>), and the forwarder, waiting in <see cref="WaitAsync"/>, reads
/// the journal at once instead of at its next poll. Coalesced: however many batches commit while the forwarder reads,
/// they wake it once afterwards, and a commit costs one volatile read while a wake-up is already due. Local to the node
/// (an extension of its actor system): writes on the other ledger nodes reach the forwarder by its poll
/// (<see cref="ForwarderOptions.PollInterval"/>).
/// </summary>
public sealed class JournalWrites : IExtension
{
    // Unbounded on purpose: a write racing a timed-out wait can release twice, which costs one extra read, never a throw.
    private readonly SemaphoreSlim _wake = new(0);
    private int _due;

    public static JournalWrites For(ActorSystem system) => system.WithExtension<JournalWrites, JournalWritesProvider>();

    /// <summary>Journal rows are durable (their transaction committed).</summary>
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
