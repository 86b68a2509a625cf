using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// An atomic write's events as journal rows, serialized as Akka.Persistence.Sql writes them: the payload by the
/// serializer Akka binds to its type, with that serializer's id and manifest, and the event's tag in <c>tags</c>.
/// </summary>
internal static class JournalRows
{
    public static NewJournalRow[] Of(Akka.Serialization.Serialization serialization, AtomicWrite write, long nowTicks)
    {
        var events = (IReadOnlyList<IPersistentRepresentation>)write.Payload;
        var rows = new NewJournalRow[events.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = Of(serialization, events[i], nowTicks);
        return rows;
    }

    private static NewJournalRow Of(Akka.Serialization.Serialization serialization, IPersistentRepresentation e, long nowTicks)
    {
        var (payload, tags) = e.Payload is Tagged tagged ? (tagged.Payload, TagsColumn(tagged)) : (e.Payload, string.Empty);
        var serializer = serialization.FindSerializerFor(payload);
        // With the actor system at hand, as Akka's own messages (sharding's) serialize actor references.
        var message = Akka.Serialization.Serialization.WithTransport(serialization.System, (serializer, payload), s => s.serializer.ToBinary(s.payload));
        return new NewJournalRow(
            CreatedTicks: e.Timestamp == 0 ? nowTicks : e.Timestamp,
            e.PersistenceId, e.SequenceNr, message,
            Akka.Serialization.Serialization.ManifestFor(serializer, payload), serializer.Identifier, tags);
    }

    /// <summary>One tag at most, the idempotency key's (<see cref="IdempotencyTagging"/>): its unique index allows no other.</summary>
    private static string TagsColumn(Tagged tagged) => tagged.Tags.Count switch
    {
        0 => string.Empty,
        1 => IdempotencyTag.Column(tagged.Tags.First()),
        var count => throw new NotSupportedException($"an event with {count} tags: the journal keeps one, the idempotency key's"),
    };
}
