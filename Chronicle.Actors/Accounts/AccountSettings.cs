namespace Chronicle.Actors.Accounts;

/// <summary>Knobs of the account actor, set once per node.</summary>
public sealed record AccountSettings
{
    /// <summary>A snapshot every this many events; all are kept, so time travel can start from the nearest.</summary>
    public int SnapshotEveryEvents { get; init; } = 1000;

    /// <summary>The business clock. Replaceable so tests can write history at chosen instants.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
