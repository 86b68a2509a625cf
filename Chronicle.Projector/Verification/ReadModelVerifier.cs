using System.Globalization;
using Chronicle.Actors.EventStore;
using Chronicle.Projector.Projection;
using Npgsql;

namespace Chronicle.Projector.Verification;

/// <summary>One way the read model disagrees with the journal.</summary>
public sealed record Difference(string EntityType, string EntityId, string Field, string ReadModel, string Journal);

/// <param name="Held">Entities with events in quarantine: their rows stop short of the journal until a replay.</param>
public sealed record VerifyReport(long EntitiesChecked, long EventsFolded, IReadOnlyList<Difference> Differences, IReadOnlyList<HeldEntity> Held)
{
    public bool Clean => Differences.Count == 0 && Held.Count == 0;
}

/// <summary>
/// <c>verify</c>: compares every account and transfer of the read model with the fold of its journal.
/// Writes may go on meanwhile, so each row is compared with the journal folded to the row's own
/// version (an exact comparison whatever the projector's lag); a row behind the journal, or missing,
/// is given <c>settle</c> to catch up with what the journal held when verify first read it before it
/// counts as a difference. Only that: a busy account's journal grows while verify waits, and chasing
/// its head would report the projector's ordinary lag as a difference. Entities held in the dead
/// letters are listed too, and fail it.
/// </summary>
public sealed class ReadModelVerifier(JournalTable journal, NpgsqlDataSource readModel)
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

            var targets = pass.Behind.ToDictionary(b => b.Key, b => b.Value.Journal, StringComparer.Ordinal);
            var behind = pass.Behind;
            var deadline = DateTimeOffset.UtcNow + settle;
            while (behind.Count > 0 && DateTimeOffset.UtcNow < deadline)
            {
                // Polling the projector's progress, not synchronising a test: the read model is eventually consistent.
                await Task.Delay(RecheckInterval, cancellationToken);
                var recheck = await CompareAsync(check, behind.Keys.ToList(), cancellationToken);
                differences.AddRange(recheck.Differences);
                behind = recheck.Behind.Where(b => (b.Value.ReadModel ?? 0) < targets[b.Key]).ToDictionary(StringComparer.Ordinal);
            }
            differences.AddRange(behind.Select(b => new Difference(check.EntityType, b.Key, "version",
                b.Value.ReadModel is { } version ? Count(version) : "absent", Count(targets[b.Key]))));
        }
        // A row that lags and differs is found again on each recheck: report it once.
        var held = await new DeadLetterStore(readModel).HeldEntitiesAsync(null, cancellationToken);
        return new VerifyReport(entities, events, differences.Distinct().ToList(), held);
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
                pass.Behind[id] = (null, history.Count);
                continue;
            }
            if (row.Version > history.Count)
            {
                pass.Differences.Add(new Difference(check.EntityType, id, "version", Count(row.Version), Count(history.Count)));
                continue;
            }
            var folded = check.FoldTo(id, history, row.Version);
            for (var i = 0; i < check.FieldNames.Count; i++)
            {
                if (row.Fields[i] != folded[i])
                    pass.Differences.Add(new Difference(check.EntityType, id, $"{check.FieldNames[i]} at version {row.Version}", row.Fields[i], folded[i]));
            }
            if (row.Version < history.Count) pass.Behind[id] = (row.Version, history.Count);
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
        /// <summary>Rows behind their journal: the row's version (null: no row yet) and the journal's.</summary>
        public Dictionary<string, (long? ReadModel, long Journal)> Behind { get; } = new(StringComparer.Ordinal);
    }
}
