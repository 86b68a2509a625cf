using System.Text.Json;
using Chronicle.Contracts.Admin;
using Chronicle.Contracts.Ids;

namespace Chronicle.Contracts.Chain;

/// <summary>
/// One account's hash chain checked against its journal rows, given one at a time in version order, as stored (never
/// decoded: the chain covers the bytes, not what this version of the code makes of them). Each event's hash is
/// recomputed from its predecessor's and its own content (<see cref="EventChain.Link"/>) and compared with the one it
/// carries. The events before the first that carries a hash were written before events had one: counted, not covered.
/// After one that carries a hash, every event must; a version missing from the sequence breaks the chain there.
/// </summary>
public sealed class ChainCheck(string accountId)
{
    public const string HashMismatch = "hash_mismatch";
    public const string MissingEvent = "missing_event";
    public const string UnhashedEvent = "unhashed_event";
    public const string UnreadableEvent = "unreadable_event";

    private readonly string _persistenceId = PersistenceIds.Account(accountId);
    private long _events, _unhashed, _lastVersion;
    private string? _head;
    private (long Version, string Problem)? _firstBad;

    public void Add(long sequenceNr, string manifest, ReadOnlyMemory<byte> payload)
    {
        _events++;
        if (_firstBad is not null) return;
        if (sequenceNr != _lastVersion + 1)
        {
            _firstBad = (_lastVersion + 1, MissingEvent);
            return;
        }
        _firstBad = Problem(sequenceNr, manifest, payload) is { } problem ? (sequenceNr, problem) : null;
        if (_firstBad is null) _lastVersion = sequenceNr;
    }

    /// <summary>What is wrong with this event, null when nothing: then the head moves on to its hash (or it is one of the unhashed first).</summary>
    private string? Problem(long sequenceNr, string manifest, ReadOnlyMemory<byte> payload)
    {
        try
        {
            if (!EventChain.TryStoredHash(payload.Span, out var stored))
            {
                if (_head is not null) return UnhashedEvent;
                _unhashed++;
                return null;
            }
            if (stored is null || stored != EventChain.Link(_head, _persistenceId, sequenceNr, manifest, payload)) return HashMismatch;
            _head = stored;
            return null;
        }
        // Not JSON, or a string no text can be (an escaped lone surrogate).
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return UnreadableEvent;
        }
    }

    public ChainReport Report() => new(accountId, _firstBad is null, _events, _head, _unhashed, _firstBad?.Version, _firstBad?.Problem);
}
