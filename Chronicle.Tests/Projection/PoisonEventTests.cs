using Chronicle.Cli;
using Chronicle.Contracts.Feed;
using Chronicle.Contracts.Ids;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Projection;

/// <summary>
/// A poison event: a row in an account's journal that the fold refuses (a deposit whose recorded
/// balance does not add up), as a bug or a bad manual repair would leave it. The projector quarantines
/// it and holds the account's later events behind it, and goes on with the rest of the partition;
/// the quarantine shows in GET /admin/projector, the metrics, projector status and verify. Once the row
/// is repaired, a replay applies the account from the journal and the read model equals it again.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class PoisonEventTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private const string Poisoned = "poison";

    [Fact]
    public async Task A_poison_event_is_quarantined_its_partition_goes_on_and_a_replay_after_the_fix_applies_it()
    {
        await using var stack = await fixture.StartReadSideAsync("poison_events");
        var node = stack.Node;
        var url = node.Url.ToString();
        var key = node.Keys.Operator;
        // A neighbour in the poisoned account's partition: what must not stall behind it.
        var neighbour = Enumerable.Range(0, 1000).Select(i => $"neighbour-{i}")
            .First(id => EventFeed.PartitionOf(id) == EventFeed.PartitionOf(Poisoned));
        await node.CreateAccountAsync(Poisoned, "10");
        await node.CreateAccountAsync(neighbour, "0");
        await stack.AssertProjectedExactlyOnceAsync(Deadline);

        // Version 2 claims 10.00 + 1.00 = 9.99; version 3 is a good deposit on top of the right balance.
        var bad = Deposit(100, balanceAfter: 999);
        await JournalSql.WriteEventAsync(stack.EventStore, node.ActorSystem, PersistenceIds.Account(Poisoned), 2, bad);
        await JournalSql.WriteEventAsync(stack.EventStore, node.ActorSystem, PersistenceIds.Account(Poisoned), 3, Deposit(100, balanceAfter: 1200));
        foreach (var _ in Enumerable.Range(0, 3))
            await node.PostAsync("/commands/deposit", new { account_id = neighbour, amount = "1.00" });

        // The partition goes on: the neighbour's deposits, written after the poison, are projected.
        await Eventually.Until(async () => (await ReadModelSql.AccountsAsync(stack.ReadModel))[neighbour], row => row.Version == 4, Deadline,
            "the neighbour's deposits projected past the poison event");
        Assert.Equal(1, (await ReadModelSql.AccountsAsync(stack.ReadModel))[Poisoned].Version);
        Assert.Equal([2L, 3L], await SqlColumn.LongsAsync(stack.ReadModel,
            $"SELECT sequence_nr FROM dead_letters WHERE entity_type = 'account' AND entity_id = '{Poisoned}' ORDER BY sequence_nr"));
        Assert.Equal(1, await ReadModelSql.ScalarAsync(stack.ReadModel,
            "SELECT count(*) FROM dead_letters WHERE sequence_nr = 2 AND error LIKE 'invariant violated:%' AND raw_event LIKE '%999%'"));

        // Reported: the admin answer, the metric, projector status, verify (which fails).
        var report = await AdminHttp.ProjectorAsync(node);
        Assert.Equal(2, report.GetProperty("totals").GetProperty("dead_letters").GetInt64());
        await Eventually.Until(() => MetricsAsync(node), m => m.Sum("chronicle_projector_dead_letters") == 2, Deadline,
            "chronicle_projector_dead_letters reports the two events");
        var status = await CliRun.RunAsync(key, "projector", "status", "--url", url);
        Assert.Contains("dead letters: 2 event(s) in quarantine", status.Out);
        var verify = await CliRun.RunAsync(key, "verify", "--settle", "1", "--url", url);
        Assert.True(verify.Exit == ExitCodes.Differences, verify.ToString());
        Assert.Contains(verify.Out.Split('\n'), line => line.Contains(Poisoned) && line.Contains("invariant violated"));

        // Before the fix a replay changes nothing, and says so.
        var refused = await CliRun.RunAsync(key, "projector", "replay", "account", Poisoned, "--url", url);
        Assert.True(refused.Exit == ExitCodes.Differences, refused.ToString());
        Assert.Contains("0 released, 1 still held", refused.Out);
        Assert.Equal(2, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM dead_letters"));

        // The fix: the row repaired in the journal. The replay applies versions 2 and 3 from it.
        await JournalSql.WriteEventAsync(stack.EventStore, node.ActorSystem, PersistenceIds.Account(Poisoned), 2, bad with { BalanceAfterMinorUnits = 1100 });
        var replay = await CliRun.RunAsync(key, "projector", "replay", "--url", url);
        Assert.True(replay.Exit == ExitCodes.Ok, replay.ToString());
        Assert.Contains("1 released, 0 still held", replay.Out);
        Assert.Equal(0, await ReadModelSql.ScalarAsync(stack.ReadModel, "SELECT count(*) FROM dead_letters"));
        Assert.Equal(new ReadModelAccount(Poisoned, 1200, "active", 3, 3), (await ReadModelSql.AccountsAsync(stack.ReadModel))[Poisoned]);

        await stack.AssertProjectedExactlyOnceAsync(Deadline);
        var clean = await CliRun.RunAsync(key, "verify", "--settle", "10", "--url", url);
        Assert.True(clean.Exit == ExitCodes.Ok, clean.ToString());
        Assert.Equal(0, (await AdminHttp.ProjectorAsync(node)).GetProperty("totals").GetProperty("dead_letters").GetInt64());
    }

    private static MoneyDeposited Deposit(long amount, long balanceAfter) =>
        new(Poisoned, Guid.CreateVersion7(), DateTimeOffset.UtcNow, amount, balanceAfter, "slipped into the journal", null);

    private static async Task<PrometheusText> MetricsAsync(TestNode node) =>
        PrometheusText.Parse(await (await node.Operator.GetAsync("/metrics")).Content.ReadAsStringAsync());
}
