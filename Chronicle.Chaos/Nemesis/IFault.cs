namespace Chronicle.Chaos.Nemesis;

/// <summary>One kind of fault the schedule injects, holds for a while, then ends before the nemesis heals the stack.</summary>
internal interface IFault
{
    /// <summary>Its <see cref="FaultNames"/> name.</summary>
    string Name { get; }

    /// <summary>How long this time's fault is held.</summary>
    TimeSpan Length(Random random);

    /// <summary>Injects it (a victim chosen with <paramref name="random"/>); says what was done, for the log.</summary>
    Task<string> InjectAsync(Random random);

    /// <summary>Ends what the fault keeps up by itself (a partition's rules); nothing when it was not injected.</summary>
    Task EndAsync();
}
