using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Chain;

/// <summary>
/// An account event as the journal stores it: the event, its hash in the account's chain (<see cref="EventChain"/>), and
/// the stored JSON, both together. What the account actor persists and what it, and the feed, read back; every other
/// reader of the journal gets the event alone (<see cref="Serialization.LedgerCodec.FromBinary"/>).
/// </summary>
public sealed class ChainedEvent
{
    internal ChainedEvent(IAccountEvent @event, string hash, byte[] json)
    {
        Event = @event;
        Hash = hash;
        Json = json;
    }

    public IAccountEvent Event { get; }

    /// <summary>Lowercase hex of the SHA-256.</summary>
    public string Hash { get; }

    /// <summary>The event's JSON with its hash, exactly as stored: written and forwarded as it is.</summary>
    internal byte[] Json { get; }

    public override string ToString() => $"{Event} #{Hash}";
}

/// <summary>
/// An account's snapshot as the snapshot store keeps it: the state and the hash of the last event it folds (its chain's
/// head; null when none of those events has one), so a recovery from it continues the chain.
/// </summary>
public sealed record ChainedState(AccountState State, string? Head);
