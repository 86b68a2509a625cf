namespace Chronicle.Chaos;

/// <summary>How long and how hard one chaos run goes.</summary>
internal sealed record ChaosOptions
{
    /// <summary>How long the clients run and the nemesis acts.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    public int Clients { get; init; } = 8;

    public int Accounts { get; init; } = 20;

    /// <summary>Every account starts with this, so withdrawals and transfers have money to move.</summary>
    public long InitialBalanceMinorUnits { get; init; } = 100_00;

    /// <summary>A fault begins this long after the previous one was healed; the last is healed at least this long before the end.</summary>
    public TimeSpan FaultEvery { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long each fault but a partition lasts before it is healed.</summary>
    public TimeSpan FaultLength { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A partition lasts from this long...</summary>
    public TimeSpan PartitionShortest { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>...to this long, drawn at random each time.</summary>
    public TimeSpan PartitionLongest { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>The nemeses that take turns (<see cref="Nemesis.FaultNames"/>); null: every one the stack supports.</summary>
    public IReadOnlyList<string>? Nemeses { get; init; }

    /// <summary>Chooses the operations, amounts, accounts and the node to kill: a run can be repeated.</summary>
    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>After the faults, how long the transfers get to end and the read model to catch up.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(120);
}
