using Chronicle.Chaos.Nemesis.Partitions;

namespace Chronicle.Chaos.Nemesis;

/// <summary>The faults of a run: those <see cref="ChaosOptions.Nemeses"/> names, or every one the stack supports, made of the nemesis's acts.</summary>
internal static class FaultCatalog
{
    /// <exception cref="ArgumentException">A fault was asked for that this stack cannot take; the message says why.</exception>
    public static IReadOnlyList<IFault> Select(INemesis nemesis, ChaosOptions options)
    {
        var supported = nemesis.Supported.Where(name => NftTable.Usable || !FaultNames.Partitions.Contains(name)).ToHashSet();
        var names = options.Nemeses ?? FaultNames.All.Where(supported.Contains).ToList();
        if (names.FirstOrDefault(name => !supported.Contains(name)) is { } unsupported)
            throw new ArgumentException(FaultNames.Partitions.Contains(unsupported) && !NftTable.Usable
                ? $"--nemesis {unsupported}: a partition needs root and nft (/usr/sbin/nft)"
                : $"--nemesis {unsupported}: this stack cannot take it (it can: {string.Join(", ", FaultNames.All.Where(supported.Contains))})");
        return [.. names.Select(name => Create(name, nemesis, options))];
    }

    private static IFault Create(string name, INemesis nemesis, ChaosOptions options) => name switch
    {
        FaultNames.Kill => KillOneOf(name, options, nemesis.LedgerNodes, nemesis.KillLedgerAsync),
        FaultNames.StopNats => new ProcessFault(name, options.FaultLength, async _ =>
        {
            await nemesis.StopBusAsync();
            return "NATS stopped";
        }),
        FaultNames.KillNats => KillOneOf(name, options, nemesis.BusServers, nemesis.KillBusServerAsync),
        FaultNames.StopReadModel => new ProcessFault(name, options.FaultLength, async _ =>
        {
            await nemesis.StopReadModelAsync();
            return "read-model PostgreSQL stopped";
        }),
        FaultNames.KillStorePrimary => new ProcessFault(name, options.FaultLength, _ => nemesis.KillStorePrimaryAsync()),
        FaultNames.PartitionLedger => new PartitionFault(name, nemesis, options.PartitionShortest, options.PartitionLongest, (members, random) =>
        {
            var ledgers = members.Where(m => m.Role == ClusterMember.Ledger).ToList();
            var cut = ledgers[random.Next(ledgers.Count)];
            return ([cut], [.. members.Where(m => m != cut)]);
        }),
        // From the projector too: a projector reaching both sides makes every other member "indirectly connected",
        // and the split-brain resolver downs them all, the ledger nodes included (docs/RELIABILITY.md).
        FaultNames.PartitionGateway => new PartitionFault(name, nemesis, options.PartitionShortest, options.PartitionLongest, (members, _) =>
            ([.. members.Where(m => m.Role == ClusterMember.Gateway)], [.. members.Where(m => m.Role != ClusterMember.Gateway)])),
        _ => throw new ArgumentException($"unknown nemesis '{name}' ({string.Join(", ", FaultNames.All)})"),
    };

    /// <summary>SIGKILL of one of <paramref name="processes"/>, chosen at random, held for the fault's length.</summary>
    private static ProcessFault KillOneOf(string name, ChaosOptions options, IReadOnlyList<string> processes, Func<string, Task> kill) =>
        new(name, options.FaultLength, async random =>
        {
            var victim = processes[random.Next(processes.Count)];
            await kill(victim);
            return $"{victim} killed (SIGKILL)";
        });
}
