using System.Globalization;
using Npgsql;

namespace Chronicle.Projector.Verification;

/// <summary>One way the read model disagrees with the journal.</summary>
public sealed record Difference(string EntityType, string EntityId, string Field, string ReadModel, string Journal);

public sealed record VerifyReport(long EntitiesChecked, long EventsFolded, IReadOnlyList<Difference> Differences)
{
    public bool Clean => Differences.Count == 0;
}

/// <summary>
/// <c>verify</c>: compares every account and transfer of the read model with the fold of its journal.
/// Writes may go on meanwhile, so each row is compared with the journal folded to the row's own
/// version (an exact comparison whatever the projector's lag); a row behind the journal, or missing,
/// is given <c>settle</c> to catch up before it counts as a difference.
/// </summary>
public sealed class ReadModelVerifier(JournalScan journal, NpgsqlDataSource readModel)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    public async Task<VerifyReport> VerifyAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        var differences = new List<Difference>();
        long entities = 0, events = 0;
        foreach (var check in new[] { EntityCheck.Accounts, EntityCheck.Transfers })
        {
            var pass = await CompareAsync(check, null, cancellationToken);
            entities += pass.Entities;
            events += pass.Events;
            differences.AddRange(pass.Differences);

            var behind = pass.Behind;
            var deadline = DateTimeOffset.UtcNow + settle;
            while (behind.Count > 0 && DateTimeOffset.UtcNow < deadline)
            {
                // Polling the projector's progress, not synchronising a test: the read model is eventually consistent.
                await Task.Delay(RecheckInterval, cancellationToken);
                var recheck = await CompareAsync(check, behind.Keys.ToList(), cancellationToken);
                differences.AddRange(recheck.Differences);
                behind = recheck.Behind;
            }
            differences.AddRange(behind.Select(b => new Difference(check.EntityType, b.Key, "version", b.Value.ReadModel, b.Value.Journal)));
        }
        return new VerifyReport(entities, events, differences);
    }

    private async Task<Pass> CompareAsync(EntityCheck check, IReadOnlyCollection<string>? ids, CancellationToken cancellationToken)
    {
        // Rows first, journal second: the journal only grows, so no row can be legitimately ahead of it.
        var rows = await check.ReadRowsAsync(readModel, ids, cancellationToken);
        var pass = new Pass();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (id, history) in journal.EntitiesAsync(check.EntityType, ids, cancellationToken))
        {
            seen.Add(id);
            pass.Entities++;
            pass.Events += history.Count;
            if (!rows.TryGetValue(id, out var row))
            {
                pass.Behind[id] = ("absent", Count(history.Count));
                continue;
            }
            if (row.Version > history.Count)
            {
                pass.Differences.Add(new Difference(check.EntityType, id, "version", Count(row.Version), Count(history.Count)));
                continue;
            }
            var folded = check.FoldTo(history, row.Version);
            for (var i = 0; i < check.FieldNames.Count; i++)
            {
                if (row.Fields[i] != folded[i])
                    pass.Differences.Add(new Difference(check.EntityType, id, $"{check.FieldNames[i]} at version {row.Version}", row.Fields[i], folded[i]));
            }
            if (row.Version < history.Count) pass.Behind[id] = (Count(row.Version), Count(history.Count));
        }
        foreach (var extra in rows.Keys.Where(id => !seen.Contains(id)))
            pass.Differences.Add(new Difference(check.EntityType, extra, "existence", "present", "absent"));
        return pass;
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Pass
    {
        public long Entities;
        public long Events;
        public List<Difference> Differences { get; } = [];
        public Dictionary<string, (string ReadModel, string Journal)> Behind { get; } = new(StringComparer.Ordinal);
    }
}
