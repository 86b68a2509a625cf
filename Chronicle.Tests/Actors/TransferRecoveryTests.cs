using System.Collections.Concurrent;
using Akka.Actor;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Tests.Infrastructure;
using static Chronicle.Tests.Infrastructure.AccountRouter;

namespace Chronicle.Tests.Actors;

/// <summary>
/// The recovery scan resumes exactly the unfinished sagas it finds in a real journal, and its stored
/// watermark stays below an unfinished saga until that saga finishes, then moves past it.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferRecoveryTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TransferSettings SagaSettings = new() { StepTimeoutMilliseconds = 2_000 };

    [Fact]
    public async Task Resumes_only_the_unfinished_saga_and_keeps_the_watermark_below_it_until_it_finishes()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_recovery");
        await using var host = await EventStoreHost.StartAsync(eventStore);
        var system = host.System;

        var accounts = await CreateAccountsAsync(system);
        var finished = await system.ActorOf(TransferActor.Props("done", accounts, SagaSettings))
            .Ask<TransferStateReply>(new StartTransfer("done", "src", "dst", 10m, null), Patience);
        Assert.Equal(TransferStatus.Completed, finished.State.Status);

        var stuck = await StartStuckSagaAsync(system, eventStore);
        var stuckStartsAt = await FirstOrderingAsync(eventStore, "transfer-stuck");

        // Each scan reads the clock once: 20 s apart, every head it read is settled one scan later.
        var clock = DateTimeOffset.UtcNow;
        var recoverySettings = new TransferSettings { RecoveryScanIntervalMilliseconds = 50, Clock = () => clock = clock.AddSeconds(20) };
        var resumed = new ConcurrentQueue<string>();
        var transfers = system.ActorOf(Akka.Actor.Props.Create(() => new ResumeCollector(resumed)));
        var recovery = system.ActorOf(TransferRecovery.Props(transfers, eventStore, recoverySettings));

        await Eventually.Until(() => Task.FromResult(resumed.Count(id => id == "stuck")), n => n >= 3, Patience, "the stuck saga resumed by several scans");
        Assert.DoesNotContain("done", resumed);
        Assert.Equal(stuckStartsAt - 1, await WatermarkAsync(eventStore));

        // Once the saga finishes (here: a new incarnation that reaches the target), the watermark passes it.
        await stuck.GracefulStop(Patience);
        system.ActorOf(TransferActor.Props("stuck", accounts, SagaSettings)).Tell(new ResumeTransfer("stuck"));
        await Eventually.Until(() => JournalSql.CountAsync(eventStore, "transfer-stuck", "TransferCompleted.v1"), n => n == 1, Patience,
            "the stuck saga completed");
        var completedAt = await LastOrderingAsync(eventStore, "transfer-stuck");
        await Eventually.Until(() => WatermarkAsync(eventStore), w => w >= completedAt, Patience, "the watermark past the finished saga");

        await recovery.GracefulStop(Patience);

        // Each transfer moved its money once, however often the stuck one was resumed.
        Assert.Equal(2, await JournalSql.CountAsync(eventStore, "account-src", "TransferDebited.v1"));
        Assert.Equal(2, await JournalSql.CountAsync(eventStore, "account-dst", "TransferCredited.v1"));
    }

    [Fact]
    public async Task A_scan_longer_than_its_deadline_goes_on_where_it_stopped_and_resumes_the_saga()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_recovery_long");
        await using var host = await EventStoreHost.StartAsync(eventStore);
        await CreateAccountsAsync(host.System);
        // Orderings taken by inserts that rolled back are gaps the scan reads through like rows: 20,000 of them
        // in pages of 10 are 2,000 queries, far more than fit in one scan's deadline (3 scan intervals, 150 ms).
        await JournalSql.ExecuteAsync(eventStore, "SELECT setval('journal_ordering_seq', 20000)");
        await StartStuckSagaAsync(host.System, eventStore);

        var settings = new TransferSettings { RecoveryScanIntervalMilliseconds = 50, RecoveryScanPageOrderings = 10 };
        var resumed = new ConcurrentQueue<string>();
        var transfers = host.System.ActorOf(Akka.Actor.Props.Create(() => new ResumeCollector(resumed)));
        var recovery = host.System.ActorOf(TransferRecovery.Props(transfers, eventStore, settings));

        await Eventually.Until(() => Task.FromResult(resumed.Contains("stuck")), found => found, Patience, "the stuck saga resumed by a scan of many deadlines");
        await recovery.GracefulStop(Patience);
    }

    private static async Task<IActorRef> CreateAccountsAsync(ActorSystem system)
    {
        var accounts = system.ActorOf(AccountRouter.DeliverAll());
        await accounts.Ask<WriteAccepted>(new CreateAccount("src", "Source", 100m, "USD", null), Patience);
        await accounts.Ask<WriteAccepted>(new CreateAccount("dst", "Target", 0m, "USD", null), Patience);
        return accounts;
    }

    /// <summary>A saga whose credit never arrives: it stays debited, unfinished.</summary>
    private static async Task<IActorRef> StartStuckSagaAsync(ActorSystem system, string eventStore)
    {
        var cutAccounts = system.ActorOf(AccountRouter.Props(m => m is CreditForTransfer ? Delivery.Drop : Delivery.Deliver));
        var stuck = system.ActorOf(TransferActor.Props("stuck", cutAccounts, SagaSettings));
        stuck.Tell(new StartTransfer("stuck", "src", "dst", 20m, null));
        await Eventually.Until(() => JournalSql.CountAsync(eventStore, "transfer-stuck", "TransferSourceDebited.v1"), n => n == 1, Patience,
            "the stuck saga debited");
        return stuck;
    }

    private static async Task<long> FirstOrderingAsync(string eventStore, string persistenceId) =>
        (await SqlColumn.LongsAsync(eventStore, $"SELECT min(ordering) FROM journal WHERE persistence_id = '{persistenceId}'")).Single();

    private static async Task<long> LastOrderingAsync(string eventStore, string persistenceId) =>
        (await SqlColumn.LongsAsync(eventStore, $"SELECT max(ordering) FROM journal WHERE persistence_id = '{persistenceId}'")).Single();

    private static async Task<long> WatermarkAsync(string eventStore) =>
        (await SqlColumn.LongsAsync(eventStore, "SELECT COALESCE(max(ordering), 0) FROM transfer_recovery_watermark")).Single();

    /// <summary>Stands in for the transfer shard region: records which transfers were resumed.</summary>
    private sealed class ResumeCollector : ReceiveActor
    {
        public ResumeCollector(ConcurrentQueue<string> resumed) => Receive<ResumeTransfer>(r => resumed.Enqueue(r.TransferId));
    }
}
