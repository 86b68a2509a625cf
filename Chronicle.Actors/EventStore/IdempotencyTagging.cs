using Akka.Persistence.Journal;
using Chronicle.Contracts.Chain;

namespace Chronicle.Actors.EventStore;

/// <summary>The journal's write adapter: a keyed account event is written tagged with its key (<see cref="IdempotencyTag"/>).</summary>
internal sealed class IdempotencyTagging : IWriteEventAdapter
{
    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) =>
        evt is ChainedEvent { Event.Idempotency: { } stamp } ? new Tagged(evt, [IdempotencyTag.Of(stamp.Key)]) : evt;
}
