using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chronicle.Actors.Accounts;
using Chronicle.Contracts.Ids;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Chronicle.Tests.Api;

/// <summary>
/// Time travel equals a full replay at every instant. A seeded random history of deposits, withdrawals,
/// freezes and unfreezes on a few accounts, with a snapshot every 5 events and a business clock that
/// jitters around the wall clock (up to 40 ms behind or ahead of it, now and then 2 s behind, as on
/// nodes whose clocks disagree), then many instants per account: before its creation, exactly at each
/// event's time and a tick either side, between events, after the last one, and at random. Each
/// balance-at answer over HTTP must equal the fold of all the account's events from version 1, read
/// straight from the journal table and kept when they occurred at or before the instant.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TimeTravelPropertyTests(LedgerFixture fixture, ITestOutputHelper output)
{
    private const string SeedVariable = "CHRONICLE_TEST_SEED";
    private const int SnapshotEvery = 5;
    private const int Accounts = 3;
    private const int OperationsPerAccount = 60;
    private const int RandomInstantsPerAccount = 60;

    [Fact]
    public async Task Balance_at_any_instant_equals_the_full_replay_up_to_that_instant()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"seed {seed} (rerun with {SeedVariable}={seed})");
        var random = new Random(seed);
        var clock = new JitteringClock(random.Next());
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("timetravel");
        await using var node = await TestNode.StartAsync(eventStore, new AccountSettings { SnapshotEveryEvents = SnapshotEvery, Clock = clock.Now });

        var histories = Enumerable.Range(0, Accounts)
            .Select(i => (Id: $"tt{i}", Initial: random.Next(0, 100_00), Operations: Enumerable.Range(0, OperationsPerAccount).Select(_ => NextOperation(random, $"tt{i}")).ToArray()))
            .ToArray();
        // The accounts are written side by side, each one's operations in order.
        await Task.WhenAll(histories.Select(async h =>
        {
            await node.CreateAccountAsync(h.Id, Money(h.Initial));
            foreach (var (path, body) in h.Operations)
            {
                var response = await node.PostAsync(path, body);
                Assert.True((int)response.StatusCode < 500, $"seed {seed}: {path} answered {(int)response.StatusCode}");
            }
        }));

        foreach (var (id, _, _) in histories)
        {
            var events = await JournalSql.AccountEventsAsync(eventStore, id, node.ActorSystem.Serialization);
            for (var v = 1; v < events.Count; v++)
                Assert.True(events[v].OccurredAt >= events[v - 1].OccurredAt,
                    $"seed {seed}: {id} v{v + 1} occurred at {events[v].OccurredAt:O}, before v{v} at {events[v - 1].OccurredAt:O}");
            // Snapshots are saved after the write is acknowledged: wait for all of them, so that the answers start from them.
            await Eventually.Until(() => JournalSql.SnapshotSequenceNumbersAsync(eventStore, PersistenceIds.Account(id)),
                s => s.Count == events.Count / SnapshotEvery, TimeSpan.FromSeconds(30), $"{events.Count / SnapshotEvery} snapshots of {id}");

            foreach (var instant in Instants(events, random))
            {
                var expected = AccountState.Initial(id).ApplyAll(events.Where(e => e.OccurredAt <= instant));
                await AssertBalanceAtAsync(node, id, instant, expected, random, seed);
            }
            output.WriteLine($"{id}: {events.Count} events, {events.Count / SnapshotEvery} snapshots, answers equal the replay");
        }
    }

    private static async Task AssertBalanceAtAsync(TestNode node, string id, DateTimeOffset instant, AccountState expected, Random random, int seed)
    {
        var written = Format(instant, random);
        var response = await node.Auditor.GetAsync($"/accounts/{id}/balance-at?timestamp={Uri.EscapeDataString(written)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var what = $"seed {seed}: {id} at {written}: {(int)response.StatusCode} {body}";
        if (!expected.Exists)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound && body.GetProperty("code").GetString() == "account_not_found", $"{what}, expected 404");
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{what}, expected 200 at version {expected.Version}");
        var at = DateTimeOffset.Parse(body.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(
            body.GetProperty("account_id").GetString() == id
            && body.GetProperty("balance").GetString() == expected.Currency.Format(expected.BalanceMinorUnits)
            && body.GetProperty("currency").GetString() == expected.CurrencyCode
            && body.GetProperty("version").GetInt64() == expected.Version
            && at == instant && at.Offset == TimeSpan.Zero,
            $"{what}, expected balance {expected.Currency.Format(expected.BalanceMinorUnits)} at version {expected.Version}");
    }

    /// <summary>Before creation, at every event's time and a tick either side, midway between events, after the last, and at random.</summary>
    private static IEnumerable<DateTimeOffset> Instants(IReadOnlyList<IAccountEvent> events, Random random)
    {
        var (first, last) = (events[0].OccurredAt, events[^1].OccurredAt);
        yield return first.AddDays(-1);
        yield return first.AddTicks(-1);
        for (var v = 0; v < events.Count; v++)
        {
            var at = events[v].OccurredAt;
            yield return at;
            yield return at.AddTicks(1);
            if (v + 1 < events.Count) yield return at + (events[v + 1].OccurredAt - at) / 2;
            if (v > 0) yield return at.AddTicks(-1);
        }
        yield return last.AddSeconds(1);
        for (var i = 0; i < RandomInstantsPerAccount; i++)
            yield return first.AddMilliseconds(-100).AddTicks((long)(random.NextDouble() * ((last - first).Ticks + TimeSpan.TicksPerSecond / 5)));
    }

    /// <summary>The same instant in one of the accepted spellings: Z, +00:00, or another offset.</summary>
    private static string Format(DateTimeOffset instant, Random random) => random.Next(3) switch
    {
        0 => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        1 => instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        _ => instant.ToOffset(TimeSpan.FromMinutes(random.Next(-12 * 60, 14 * 60 + 1))).ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>A random write; the refused ones (overdraft, frozen, not frozen) are part of the history too: they record nothing.</summary>
    private static (string Path, object Body) NextOperation(Random random, string id) => random.Next(100) switch
    {
        < 45 => ("/commands/deposit", new { account_id = id, amount = Money(random.Next(1, 200_00)) }),
        < 80 => ("/commands/withdraw", new { account_id = id, amount = Money(random.Next(1, 200_00)) }),
        < 86 => ("/commands/freeze-account", new { account_id = id }),
        _ => ("/commands/unfreeze-account", new { account_id = id }),
    };

    private static string Money(long minorUnits) => (minorUnits / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// The business clock of nodes that disagree: the wall clock give or take 40 ms, and one reading in
    /// twenty 2 s behind. Events must still never be stamped before the one they follow.
    /// </summary>
    private sealed class JitteringClock(int seed)
    {
        private readonly Random _random = new(seed);

        public DateTimeOffset Now()
        {
            int offsetMs;
            lock (_random) offsetMs = _random.Next(20) == 0 ? -2000 : _random.Next(-40, 41);
            return DateTimeOffset.UtcNow.AddMilliseconds(offsetMs);
        }
    }
}
