using System.Globalization;
using Akka.Event;
using Chronicle.Domain;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>
/// How deliveries become read-model changes, the same for the stream's batches (<see cref="BatchApplier"/>) and a
/// rebuild's load from the journal (<see cref="Rebuild.JournalLoad"/>): a redelivery (at or below its entity's version)
/// is skipped; a poison event (undecodable, refused by the fold's invariants, of an entity type the read model does not
/// know) is quarantined and its entity held; a held entity's later events follow it into quarantine, so the entity stays
/// in order while the rest goes on. What happens to an event that skips ahead of its entity's version is the caller's
/// (<see cref="GapPolicy"/>).
/// </summary>
/// <param name="held">The entities with an event in quarantine; those this fold quarantines are added.</param>
/// <param name="log">Where each poison event is reported as it is quarantined.</param>
/// <param name="who">Who quarantines, as the log line names it: "projector partition 3", "rebuild".</param>
internal sealed class DeliveryFold(ReadModelChanges changes, HashSet<(string Type, string Id)> held, ILoggingAdapter log, string who)
{
    /// <summary>
    /// Given an event ahead of its entity's version (and that version), the entity's events to apply before it, or null to
    /// leave it unapplied: the entity then stays behind, and its later events meet the same gap.
    /// </summary>
    public delegate Task<IReadOnlyList<FeedEvent>?> GapPolicy(FeedEvent e, long version);

    /// <summary>What to write to the dead letters: the poison events and the held entities' later events.</summary>
    public List<DeadLetter> Quarantined { get; } = [];

    /// <summary>Gaps filled by the <see cref="GapPolicy"/>.</summary>
    public int GapsRepaired { get; private set; }

    public async Task FoldAsync(IEnumerable<FeedDelivery> deliveries, GapPolicy gap)
    {
        foreach (var delivery in deliveries)
        {
            if (delivery is not FeedEvent e)
            {
                Quarantine(DeadLetter.Of((UndecodableEvent)delivery));
                continue;
            }
            // A redelivery is skipped even for a held entity: what it was applied before stays applied.
            var projected = ReadModelChanges.Projects(e.EntityType);
            var version = projected ? changes.VersionOf(e.EntityType, e.EntityId) : 0;
            if (e.SequenceNr <= version) continue;
            if (held.Contains((e.EntityType, e.EntityId)))
            {
                Quarantined.Add(DeadLetter.Held(e));
                continue;
            }
            // An entity type the read model does not know has no history to fill: its event is quarantined by Apply.
            if (e.SequenceNr > version + 1 && projected)
            {
                if (await gap(e, version) is not { } before) continue;
                GapsRepaired++;
                foreach (var earlier in before) Apply(earlier);
            }
            Apply(e);
        }
    }

    private void Apply(FeedEvent e)
    {
        if (held.Contains((e.EntityType, e.EntityId)))
        {
            Quarantined.Add(DeadLetter.Held(e));
            return;
        }
        try
        {
            changes.Apply(e);
        }
        catch (InvariantViolatedException poison)
        {
            Quarantine(DeadLetter.Of(e, poison.Message));
        }
    }

    private void Quarantine(DeadLetter letter)
    {
        log.Error("{0}: {1} {2} event {3} quarantined, the entity held until a replay: {4}",
            who, letter.EntityType, letter.EntityId, letter.SequenceNr?.ToString(CultureInfo.InvariantCulture) ?? "?", letter.Error);
        Quarantined.Add(letter);
        held.Add((letter.EntityType, letter.EntityId));
    }
}
