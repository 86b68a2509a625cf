using System.Text;
using Chronicle.Domain;

namespace Chronicle.Contracts.Feed;

/// <summary>
/// The contract of the ledger's change feed on JetStream (docs/EVENT-FEED.md): stream name,
/// subjects, headers. Other systems subscribe to it, so these names change only with a new feed.
/// </summary>
public static class EventFeed
{
    public const string StreamName = "CHRONICLE_EVENTS";

    /// <summary>
    /// Every subject of the feed starts with this:
    /// <c>chronicle.events.&lt;entity type&gt;.&lt;partition&gt;.&lt;entity id&gt;</c>.
    /// </summary>
    public const string SubjectPrefix = "chronicle.events";

    /// <summary>
    /// Entities are spread over this many partitions (<see cref="PartitionOf"/>), named in the subject
    /// so that a consumer can take one partition with a plain subject filter (nats-server 2.9 has no
    /// partitioning of its own). Fixed for the life of the stream: changing it moves entities between
    /// partitions, and so needs a new stream and a rebuilt read model.
    /// </summary>
    public const int Partitions = 8;

    /// <summary>0 to <see cref="Partitions"/> - 1.</summary>
    public static IReadOnlyList<int> AllPartitions { get; } = Enumerable.Range(0, Partitions).ToArray();

    public const string AllSubjects = SubjectPrefix + ".>";

    /// <summary>JetStream drops a message whose id it stored within the duplicate window.</summary>
    public const string MsgIdHeader = "Nats-Msg-Id";

    /// <summary>The journal position of the event: the forwarder resumes from the last one on the stream.</summary>
    public const string OrderingHeader = "Chronicle-Ordering";

    public const string PersistenceIdHeader = "Chronicle-Persistence-Id";
    public const string SequenceNrHeader = "Chronicle-Sequence-Nr";
    public const string EventTypeHeader = "Chronicle-Event-Type";

    /// <summary>
    /// Akka's own journal streams, such as cluster sharding's coordinator and remembered entities
    /// (<c>/sharding/transferCoordinator</c>): infrastructure state, not ledger facts, so not on the feed.
    /// </summary>
    public static bool IsAkkaInternal(string persistenceId) => persistenceId.StartsWith('/');

    /// <summary>
    /// The entity a journal stream belongs to, e.g. ("account", "alice") for <c>account-alice</c>: streams are named
    /// <c>&lt;entity type&gt;-&lt;entity id&gt;</c>, both parts usable as subject tokens: the type <c>[a-z][a-z0-9_]*</c>,
    /// the id as <see cref="EntityIds"/> says (account and transfer ids are so by the API's validation).
    /// </summary>
    /// <remarks>Parsed by hand, not by a regular expression: every event forwarded, projected or loaded asks this, and a
    /// match cost several allocations each (a rebuild's allocation profile: 7% of its bytes).</remarks>
    public static (string Type, string Id) EntityOf(string persistenceId)
    {
        var dash = persistenceId.IndexOf('-');
        // Failing (and so stalling the feed, loudly) beats skipping an event or inventing a subject for it.
        if (dash < 1 || !IsType(persistenceId.AsSpan(0, dash)) || !EntityIds.IsValid(persistenceId.AsSpan(dash + 1)))
            throw new InvalidOperationException($"persistence id '{persistenceId}' cannot be mapped to a feed subject");
        return (persistenceId[..dash], persistenceId[(dash + 1)..]);
    }

    private static bool IsType(ReadOnlySpan<char> type)
    {
        if (!char.IsAsciiLetterLower(type[0])) return false;
        foreach (var c in type)
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_') return false;
        return true;
    }

    public static string SubjectFor(string persistenceId)
    {
        var (type, id) = EntityOf(persistenceId);
        return $"{SubjectPrefix}.{type}.{PartitionOf(id)}.{id}";
    }

    /// <summary>The subject filter of one partition: every entity type, that partition, every id.</summary>
    public static string PartitionFilter(int partition)
    {
        if (partition is < 0 or >= Partitions) throw new ArgumentOutOfRangeException(nameof(partition), partition, $"partitions are 0..{Partitions - 1}");
        return $"{SubjectPrefix}.*.{partition}.*";
    }

    /// <summary>The subject filter of one entity type, every partition and id: <c>chronicle.events.account.&gt;</c>.</summary>
    public static string EntityTypeFilter(string entityType) => $"{SubjectPrefix}.{entityType}.>";

    /// <summary>
    /// FNV-1a (32 bit) of the entity id's UTF-8 bytes, modulo <see cref="Partitions"/>: stable across
    /// processes, runtimes and languages (string.GetHashCode is randomised per process), so any
    /// subscriber can compute it.
    /// </summary>
    public static int PartitionOf(string entityId)
    {
        const uint offsetBasis = 2166136261, prime = 16777619;
        var hash = offsetBasis;
        // On the stack for an id of the API's length: the hash is asked of every event forwarded and projected.
        var length = Encoding.UTF8.GetByteCount(entityId);
        Span<byte> bytes = length <= 256 ? stackalloc byte[256] : new byte[length];
        foreach (var b in bytes[..Encoding.UTF8.GetBytes(entityId, bytes)])
            hash = unchecked((hash ^ b) * prime);
        return (int)(hash % Partitions);
    }

    /// <summary>Unique per event and stable across re-publishes: what JetStream deduplicates on.</summary>
    public static string MsgIdFor(string persistenceId, long sequenceNr) => $"{persistenceId}:{sequenceNr}";
}
