using System.Collections.Concurrent;
using Akka.Actor;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using static Chronicle.Tests.Infrastructure.AccountRouter;

namespace Chronicle.Tests.Actors;

/// <summary>
/// The recovery scan wakes exactly the sources of the transfers it finds open in a real journal, and its
/// stored watermark stays below an open transfer until it ends, then moves past it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferRecoveryTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TransferSettings AccountTransfers = new() { StepTimeoutMilliseconds = 2_000 };

    [Fact]
    public async Task Wakes_only_the_source_of_the_open_transfer_and_keeps_the_watermark_below_it_until_it_ends()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_recovery");
        await using var host = await EventStoreHost.StartAsync(eventStore);
        var system = host.System;

        var accounts = await CreateAccountsAsync(system);
        var done = await accounts.Ask<TransferOutcome>(Send("done", "src"), Patience);
        Assert.Equal(TransferStatuses.Completed, done.Status);
        // Its settlement is written a moment after the answer (TRANSFERS.md): until then the journal shows it open.
        await Eventually.Until(() => JournalSql.CountAsync(eventStore, "account-src", "TransferSettled.v1"), n => n == 1, Patience,
            "the completed transfer's settlement written");

        var cut = await StartStuckTransferAsync(system, eventStore);
        var stuckStartsAt = await FirstOrderingAsync(eventStore, "account-src2", "TransferSent.v1");

        // Each scan reads the clock once: 20 s apart, every head it read is settled one scan later.
        var clock = DateTimeOffset.UtcNow;
        var recoverySettings = new TransferSettings { RecoveryScanIntervalMilliseconds = 50, Clock = () => clock = clock.AddSeconds(20) };
        var woken = new ConcurrentQueue<string>();
        var collector = system.ActorOf(Akka.Actor.Props.Create(() => new WakeCollector(woken)));
        var recovery = system.ActorOf(TransferRecovery.Props(collector, eventStore, recoverySettings));

        await Eventually.Until(() => Task.FromResult(woken.Count(id => id == "src2")), n => n >= 3, Patience, "the stuck transfer's source woken by several scans");
        Assert.DoesNotContain("src", woken);
        Assert.Equal(stuckStartsAt - 1, await WatermarkAsync(eventStore));

        // Once the transfer ends (here: a new incarnation of its source that reaches the target), the watermark passes it.
        await cut.GracefulStop(Patience);
        var healed = system.ActorOf(AccountRouter.DeliverAll(AccountTransfers));
        healed.Tell(new ResumeTransfers("src2"));
        await Eventually.Until(() => JournalSql.CountAsync(eventStore, "account-src2", "TransferSettled.v1"), n => n == 1, Patience,
            "the stuck transfer completed");
        var settledAt = await FirstOrderingAsync(eventStore, "account-src2", "TransferSettled.v1");
        await Eventually.Until(() => WatermarkAsync(eventStore), w => w >= settledAt, Patience, "the watermark past the ended transfer");

        await recovery.GracefulStop(Patience);

        // Each transfer moved its money once, however often the stuck one's source was woken.
        Assert.Equal(2, await JournalSql.CountAsync(eventStore, "account-dst", "TransferCredited.v1"));
    }

    [Fact]
    public async Task A_scan_longer_than_its_deadline_goes_on_where_it_stopped_and_wakes_the_source()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_recovery_long");
        await using var host = await EventStoreHost.StartAsync(eventStore);
        await CreateAccountsAsync(host.System);
        // Orderings taken by inserts that rolled back are gaps the scan reads through like rows: 20,000 of them
        // in pages of 10 are 2,000 queries, far more than fit in one scan's deadline (3 scan intervals, 150 ms).
        await JournalSql.ExecuteAsync(eventStore, "SELECT setval('journal_ordering_seq', 20000)");
        await StartStuckTransferAsync(host.System, eventStore);

        var settings = new TransferSettings { RecoveryScanIntervalMilliseconds = 50, RecoveryScanPageOrderings = 10 };
        var woken = new ConcurrentQueue<string>();
        var collector = host.System.ActorOf(Akka.Actor.Props.Create(() => new WakeCollector(woken)));
        var recovery = host.System.ActorOf(TransferRecovery.Props(collector, eventStore, settings));

        await Eventually.Until(() => Task.FromResult(woken.Contains("src2")), found => found, Patience, "the stuck transfer's source woken by a scan of many deadlines");
        await recovery.GracefulStop(Patience);
    }

    private static SendTransfer Send(string transferId, string from) =>
        new(from, transferId, "dst", 10m, null, Hold: false, TimeoutSeconds: null, TransferStart.KeyOf(transferId));

    private static async Task<IActorRef> CreateAccountsAsync(ActorSystem system)
    {
        var accounts = system.ActorOf(AccountRouter.DeliverAll(AccountTransfers));
        await accounts.Ask<WriteAccepted>(new CreateAccount("src", "Source", 100m, "USD", null), Patience);
        await accounts.Ask<WriteAccepted>(new CreateAccount("src2", "Source 2", 100m, "USD", null), Patience);
        await accounts.Ask<WriteAccepted>(new CreateAccount("dst", "Target", 0m, "USD", null), Patience);
        return accounts;
    }

    /// <summary>A transfer from src2 whose credit never arrives: sent, in flight, open.</summary>
    private static async Task<IActorRef> StartStuckTransferAsync(ActorSystem system, string eventStore)
    {
        var cut = system.ActorOf(AccountRouter.Props(m => m is CreditForTransfer ? Delivery.Drop : Delivery.Deliver, AccountTransfers));
        cut.Tell(Send("stuck", "src2"));
        await Eventually.Until(() => JournalSql.CountAsync(eventStore, "account-src2", "TransferSent.v1"), n => n == 1, Patience,
            "the stuck transfer sent");
        return cut;
    }

    private static async Task<long> FirstOrderingAsync(string eventStore, string persistenceId, string manifest) =>
        (await SqlColumn.LongsAsync(eventStore, $"SELECT min(ordering) FROM journal WHERE persistence_id = '{persistenceId}' AND manifest = '{manifest}'")).Single();

    private static async Task<long> WatermarkAsync(string eventStore) =>
        (await SqlColumn.LongsAsync(eventStore, "SELECT COALESCE(max(ordering), 0) FROM transfer_recovery_watermark")).Single();

    /// <summary>Stands in for the account shard region: records which accounts were woken.</summary>
    private sealed class WakeCollector : ReceiveActor
    {
        public WakeCollector(ConcurrentQueue<string> woken) => Receive<ResumeTransfers>(r => woken.Enqueue(r.AccountId));
    }
}
