using System.Globalization;
using System.Text;
using Chronicle.Chaos.Checker;
using Chronicle.Chaos.Workload;

namespace Chronicle.Chaos;

/// <summary>The run's summary: operations and their outcomes, every answer the clients got, the faults, each property and its violations.</summary>
internal static class ChaosReport
{
    public static string Format(ChaosResult result)
    {
        var sb = new StringBuilder().AppendLine();
        sb.AppendLine(Row("OPERATION", "TRIED", "ACKNOWLEDGED", "UNRESOLVED", "REFUSED"));
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            var ops = result.Log.Where(o => o.Kind == kind).ToList();
            sb.AppendLine(Row(kind.ToString().ToLowerInvariant(), Count(ops.Count), Count(ops.Count(o => o.Outcome == Outcome.Acknowledged)),
                Count(ops.Count(o => o.Outcome == Outcome.Unresolved)),
                Tally(ops.Where(o => o.Outcome == Outcome.Refused).Select(o => o.RefusalCode ?? "?"))));
        }
        sb.AppendLine(Row("all", Count(result.Log.Count), Count(result.Log.Count(o => o.Outcome == Outcome.Acknowledged)),
            Count(result.Log.Count(o => o.Outcome == Outcome.Unresolved)), Count(result.Log.Count(o => o.Outcome == Outcome.Refused))));
        sb.AppendLine();
        sb.AppendLine($"answers: {Tally(result.Log.SelectMany(o => o.Answers))}");
        sb.AppendLine($"retried: {Count(result.Log.Count(o => o.Answers.Count > 1))} operations sent more than once under their key");
        if (result.Log.MaxBy(o => o.Took) is { } slowest)
            sb.AppendLine(Invariant($"slowest: {slowest.Took.TotalSeconds:0.0}s, {slowest.Kind.ToString().ToLowerInvariant()} {slowest.Key}: {string.Join(", ", slowest.Answers)}"));
        sb.AppendLine($"faults:  {result.Faults.Count}{string.Concat(result.Faults.Select(f => Invariant(
            $"\n  {f.InjectedAt.TotalSeconds,6:0.0}s-{f.HealedAt.TotalSeconds,6:0.0}s  {f.Nemesis,-18} {f.What}; longest write {NemesisFigures.LongestWriteOf(NemesisFigures.During(f, result.Log)).TotalSeconds:0.0}s, transfer {NemesisFigures.LongestTransferOf(NemesisFigures.During(f, result.Log)).TotalSeconds:0.0}s")))}");
        sb.AppendLine($"verify:  {result.Verify}");
        sb.AppendLine();
        sb.AppendLine($"{"NEMESIS",-18} {"FAULTS",6} {"OPERATIONS",10} {"ACKNOWLEDGED",12} {"LOST",5} {"DUPLICATED",10}  LONGEST WAIT: WRITE, TRANSFER");
        foreach (var row in NemesisFigures.Of(result))
            sb.AppendLine(Invariant($"{row.Nemesis,-18} {Count(row.Faults),6} {Count(row.Operations),10} {Count(row.Acknowledged),12} {Count(row.Lost),5} {Count(row.Duplicated),10}  {row.LongestWrite.TotalSeconds,5:0.0}s, {row.LongestTransfer.TotalSeconds:0.0}s"));
        sb.AppendLine();
        foreach (var property in BankChecker.Properties.Append(ChaosRun.ReadModelProperty).Append(ChaosRun.HealedProperty))
        {
            var broken = result.Violations.Where(v => v.Property == property).ToList();
            sb.AppendLine($"{(broken.Count == 0 ? "ok" : "VIOLATED"),-9} {property}{(broken.Count == 0 ? "" : $" ({broken.Count})")}");
            foreach (var violation in broken.Take(10)) sb.AppendLine($"          {violation.Detail}");
        }
        sb.AppendLine();
        sb.AppendLine(result.Violations.Count == 0
            ? $"chaos: run {result.RunId} (seed {result.Options.Seed}): no violations"
            : $"chaos: run {result.RunId} (seed {result.Options.Seed}): {result.Violations.Count} violation(s)");
        return sb.ToString();
    }

    private static string Row(string kind, string tried, string acknowledged, string unresolved, string refused) =>
        $"{kind,-10} {tried,7} {acknowledged,13} {unresolved,11}  {refused}";

    private static string Tally(IEnumerable<string> values)
    {
        var counts = values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} × {Count(g.Count())}").ToList();
        return counts.Count == 0 ? "0" : string.Join(", ", counts);
    }

    private static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
