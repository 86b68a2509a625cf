using System.Globalization;
using Chronicle.Actors.EventStore;
using Chronicle.Domain.Accounts;
using Chronicle.Projector.Projection;
using Npgsql;

namespace Chronicle.Projector.Verification;

/// <summary>One way the read model disagrees with the journal.</summary>
public sealed record Difference(string EntityType, string EntityId, string Field, string ReadModel, string Journal);

/// <summary>An account verify could not fold: its journal holds an event this version does not read (from <see cref="Version"/> on).</summary>
public sealed record SkippedEntity(string EntityType, string EntityId, long Version, string EventType);

/// <param name="Held">Entities with events in quarantine: their rows stop short of the journal until a replay.</param>
/// <param name="Skipped">
/// Accounts not compared, their rows (account and transfers) passed over: a journal written by an older version (the
/// transfer saga's account events) that this one cannot fold. Reported, not counted as differences: nothing here can
/// say what their rows should be.
/// </param>
public sealed record VerifyReport(long EntitiesChecked, long EventsFolded, IReadOnlyList<Difference> Differences, IReadOnlyList<HeldEntity> Held,
    IReadOnlyList<SkippedEntity> Skipped)
{
    public bool Clean => Differences.Count == 0 && Held.Count == 0;
}

/// <summary>
/// <c>verify</c>: compares every account and transfer row of the read model with the fold of the account
/// journal (a transfer's row is its source's events, and its target's credit, <see cref="CreditCheck"/>).
/// Writes may go on meanwhile, so each row is compared with the journal folded to the row's own version
/// (an exact comparison whatever the projector's lag); a row behind the journal, or missing, is given
/// <c>settle</c> to catch up with what the journal held when verify first read it before it counts as a
/// difference. Only that: a busy account's journal grows while verify waits, and chasing its head would
/// report the projector's ordinary lag as a difference. Entities held in the dead letters are listed too,
/// and fail it.
/// </summary>
public sealed class ReadModelVerifier(JournalTable journal, NpgsqlDataSource readModel)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    private static readonly EntityCheck[] Checks = [EntityCheck.Accounts, EntityCheck.Transfers];

    public async Task<VerifyReport> VerifyAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        var credits = new CreditCheck();
        var pass = await CompareAsync(null, credits, cancellationToken);
        var differences = new List<Difference>(pass.Differences);
        differences.AddRange(credits.Compare(pass.Rows[EntityCheck.Transfers.EntityType]));

        var targets = pass.Behind.ToDictionary(b => b.Key, b => b.Value.Journal);
        var behind = pass.Behind;
        var deadline = DateTimeOffset.UtcNow + settle;
        while (behind.Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            // Polling the projector's progress, not synchronising a test: the read model is eventually consistent.
            await Task.Delay(RecheckInterval, cancellationToken);
            var recheck = await CompareAsync(behind, null, cancellationToken);
            differences.AddRange(recheck.Differences);
            behind = recheck.Behind.Where(b => (b.Value.ReadModel ?? 0) < targets[b.Key]).ToDictionary();
        }
        differences.AddRange(behind.Select(b => new Difference(b.Key.Type, b.Key.Id, "version",
            b.Value.ReadModel is { } version ? Count(version) : "absent", Count(targets[b.Key]))));
        // A row that lags and differs is found again on each recheck: report it once.
        var held = await new DeadLetterStore(readModel).HeldEntitiesAsync(null, cancellationToken);
        return new VerifyReport(pass.Entities, pass.Events, differences.Distinct().ToList(), held, pass.Skipped);
    }

    /// <param name="only">The rows to compare again (and their accounts); every row and account when null.</param>
    /// <param name="credits">Collects the targets' credits, on the pass over every account.</param>
    private async Task<Pass> CompareAsync(IReadOnlyDictionary<(string Type, string Id), Lag>? only, CreditCheck? credits,
        CancellationToken cancellationToken)
    {
        var pass = new Pass();
        // Rows first, journal second: the journal only grows, so no row can be legitimately ahead of it.
        foreach (var check in Checks)
        {
            var ids = only?.Keys.Where(k => k.Type == check.EntityType).Select(k => k.Id).ToList();
            pass.Rows[check.EntityType] = await check.ReadRowsAsync(readModel, ids, cancellationToken);
        }
        var seen = new HashSet<(string, string)>();
        var accountIds = only?.Values.Select(lag => lag.AccountId).Distinct(StringComparer.Ordinal).ToList();
        await foreach (var (accountId, events) in journal.EntitiesAsync(ReadModelChanges.AccountType, accountIds, cancellationToken))
        {
            var history = events.OfType<IAccountEvent>().ToList();
            pass.Events += history.Count;
            credits?.Add(history);
            if (events.OfType<UnreadableEvent>().FirstOrDefault() is { } unreadable)
            {
                Skip(pass, accountId, unreadable, seen);
                continue;
            }
            foreach (var expected in JournalFold.RowsOf(accountId, history))
            {
                var key = (expected.Check.EntityType, expected.Id);
                if (only is not null && !only.ContainsKey(key)) continue;
                seen.Add(key);
                pass.Entities++;
                Compare(pass, expected, accountId);
            }
        }
        foreach (var check in Checks)
        {
            foreach (var extra in pass.Rows[check.EntityType].Keys.Where(id => !seen.Contains((check.EntityType, id))))
                pass.Differences.Add(new Difference(check.EntityType, extra, "existence", "present", "absent"));
        }
        return pass;
    }

    /// <summary>An account whose history cannot be folded: its row and the rows of the transfers it sent are passed over.</summary>
    private static void Skip(Pass pass, string accountId, UnreadableEvent unreadable, HashSet<(string, string)> seen)
    {
        pass.Skipped.Add(new SkippedEntity(EntityCheck.Accounts.EntityType, accountId, unreadable.SequenceNr, unreadable.Manifest));
        seen.Add((EntityCheck.Accounts.EntityType, accountId));
        var from = EntityCheck.Transfers.FieldNames.ToList().IndexOf("from_account_id");
        foreach (var (transferId, row) in pass.Rows[EntityCheck.Transfers.EntityType])
            if (row.Fields[from] == accountId) seen.Add((EntityCheck.Transfers.EntityType, transferId));
    }

    private static void Compare(Pass pass, ExpectedRow expected, string accountId)
    {
        var check = expected.Check;
        var key = (check.EntityType, expected.Id);
        if (!pass.Rows[check.EntityType].TryGetValue(expected.Id, out var row))
        {
            pass.Behind[key] = new Lag(null, expected.Version, accountId);
            return;
        }
        if (row.Version > expected.Version || expected.FieldsAt(row.Version) is not { } folded)
        {
            pass.Differences.Add(new Difference(check.EntityType, expected.Id, "version", Count(row.Version), Count(expected.Version)));
            return;
        }
        for (var i = 0; i < check.FieldNames.Count; i++)
        {
            if (row.Fields[i] != folded[i])
                pass.Differences.Add(new Difference(check.EntityType, expected.Id, $"{check.FieldNames[i]} at version {row.Version}", row.Fields[i], folded[i]));
        }
        if (row.Version < expected.Version) pass.Behind[key] = new Lag(row.Version, expected.Version, accountId);
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A row behind its journal: the row's version (null: no row yet), the journal's, and the account whose journal makes it.</summary>
    private sealed record Lag(long? ReadModel, long Journal, string AccountId);

    private sealed class Pass
    {
        public long Entities;
        public long Events;
        public List<Difference> Differences { get; } = [];
        /// <summary>The rows read, by table (entity type), then id.</summary>
        public Dictionary<string, Dictionary<string, (long Version, string[] Fields)>> Rows { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Type, string Id), Lag> Behind { get; } = [];
        public List<SkippedEntity> Skipped { get; } = [];
    }
}
