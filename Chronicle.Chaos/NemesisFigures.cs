using Chronicle.Chaos.Checker;
using Chronicle.Chaos.Nemesis;
using Chronicle.Chaos.Workload;

namespace Chronicle.Chaos;

/// <summary>
/// What became of the operations that ran while one nemesis's faults were on (from the injection until
/// the stack was whole again): how many, acknowledged, lost (acknowledged, not in the journal), applied
/// twice, and the longest waits from a first try to the final answer. A deposit's or withdrawal's is how
/// long the worst-hit account could not be written; a transfer's also waits on its credit to the target,
/// which the source sends again only after its step timeout (10 s), so it is shown apart.
/// </summary>
internal sealed record NemesisFigures(
    string Nemesis, int Faults, int Operations, int Acknowledged, int Lost, int Duplicated, TimeSpan LongestWrite, TimeSpan LongestTransfer)
{
    /// <summary>The row of the operations no fault overlapped.</summary>
    public const string NoFault = "(no fault)";

    /// <summary>A row per nemesis in the order they first acted, then <see cref="NoFault"/>.</summary>
    public static IReadOnlyList<NemesisFigures> Of(ChaosResult result)
    {
        var lost = result.Violations.Where(v => v.Property == BankChecker.Acknowledged).Select(v => v.Key).ToHashSet();
        var twice = result.Violations.Where(v => v.Property == BankChecker.Once).Select(v => v.Key).ToHashSet();
        NemesisFigures Row(string nemesis, int faults, List<BankOperation> ops) =>
            new(nemesis, faults, ops.Count, ops.Count(o => o.Outcome == Outcome.Acknowledged), ops.Count(o => lost.Contains(o.Key)),
                ops.Count(o => twice.Contains(o.Key)), LongestWriteOf(ops), LongestTransferOf(ops));

        var rows = result.Faults.GroupBy(f => f.Nemesis)
            .Select(g => Row(g.Key, g.Count(), [.. result.Log.Where(o => g.Any(f => During(o, f)))])).ToList();
        rows.Add(Row(NoFault, 0, [.. result.Log.Where(o => !result.Faults.Any(f => During(o, f)))]));
        return rows;
    }

    /// <summary>The operations that ran during <paramref name="fault"/> (some of it).</summary>
    public static IReadOnlyList<BankOperation> During(InjectedFault fault, IEnumerable<BankOperation> log) => [.. log.Where(o => During(o, fault))];

    public static TimeSpan LongestWriteOf(IEnumerable<BankOperation> ops) => Longest(ops.Where(o => o.Kind != OperationKind.Transfer));

    public static TimeSpan LongestTransferOf(IEnumerable<BankOperation> ops) => Longest(ops.Where(o => o.Kind == OperationKind.Transfer));

    /// <summary>The longest wait from a first try to the final answer among <paramref name="ops"/>, whatever their kind.</summary>
    public static TimeSpan Longest(IEnumerable<BankOperation> ops) => ops.Select(o => o.Took).DefaultIfEmpty().Max();

    private static bool During(BankOperation op, InjectedFault fault) => op.StartedAt <= fault.HealedAt && op.StartedAt + op.Took >= fault.InjectedAt;
}
