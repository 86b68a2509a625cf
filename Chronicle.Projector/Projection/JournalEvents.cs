using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Chronicle.Actors.Pipeline;
using Chronicle.Contracts.Ids;
using Chronicle.Projector.Feed;

namespace Chronicle.Projector.Projection;

/// <summary>
/// Reads an entity's events straight from the journal, in the feed's form: how a gap in what the
/// stream delivered is repaired. The events go through the same envelope the forwarder publishes and
/// the same decoder, so a repaired event is exactly the one the stream would have carried.
/// </summary>
/// <param name="materializer">The caller's (an actor's own dies with it): one per question would leak.</param>
public sealed class JournalEvents(ActorSystem system, IMaterializer materializer)
{
    private readonly FeedEventDecoder _decoder = new();
    private readonly Lazy<SqlReadJournal> _journal = new(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier));

    public async Task<IReadOnlyList<FeedEvent>> ReadAsync(string entityType, string entityId, long fromSequenceNr, long toSequenceNr,
        CancellationToken cancellationToken)
    {
        // Off the caller's thread: the read journal's first use blocks until the write journal is up.
        var journal = await Task.Run(() => _journal.Value, cancellationToken);
        var envelopes = await journal
            .CurrentEventsByPersistenceId(PersistenceIds.Of(entityType, entityId), fromSequenceNr, toSequenceNr)
            .RunWith(Sink.Seq<EventEnvelope>(), materializer);
        return envelopes.Select(e => _decoder.Decode(FeedMessages.From(e).Payload, streamSequence: 0)).ToList();
    }
}
