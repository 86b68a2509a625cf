using System.ComponentModel.DataAnnotations;

namespace Chronicle.Actors.Accounts;

/// <summary>Knobs of the account actor, set once per node (section Chronicle:Accounts).</summary>
public sealed record AccountSettings
{
    /// <summary>A snapshot every this many events; all are kept, so time travel can start from the nearest.</summary>
    [Range(1, 1_000_000)]
    public int SnapshotEveryEvents { get; init; } = 1000;

    /// <summary>The business clock. Replaceable so tests can write history at chosen instants; code, not a setting.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
}
