using Akka.Actor;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using Chronicle.Tests.Infrastructure;
using static Chronicle.Tests.Infrastructure.AccountRouter;

namespace Chronicle.Tests.Actors;

/// <summary>
/// A transfer interrupted at any step finishes after a restart exactly once. Each test runs the saga
/// against real accounts on a real journal, cuts the wire at one exact step (as a crash would), shuts
/// the actor system down, starts a new one on the same journal, and lets the recovered saga finish.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferCrashTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TransferSettings Settings = new() { StepTimeoutMilliseconds = 2_000 };

    [Fact]
    public async Task Crash_right_after_the_debit_completes_the_transfer_once() =>
        await CrashAndRecover(
            cut: m => m is CreditForTransfer ? Delivery.Drop : Delivery.Deliver,
            crashedAt: TransferStatus.Debited,
            targetFrozen: false,
            expectStatus: TransferStatus.Completed, expectSource: 60_00, expectTarget: 40_00);

    [Fact]
    public async Task Crash_right_after_the_credit_completes_the_transfer_once() =>
        await CrashAndRecover(
            cut: m => m is CreditForTransfer ? Delivery.DropAnswer : Delivery.Deliver,
            crashedAt: TransferStatus.Debited,
            targetFrozen: false,
            expectStatus: TransferStatus.Completed, expectSource: 60_00, expectTarget: 40_00,
            appliedBeforeCrash: ("account-dst", "TransferCredited.v1"));

    [Fact]
    public async Task Crash_right_after_the_refund_is_decided_refunds_once() =>
        await CrashAndRecover(
            cut: m => m is RefundTransfer ? Delivery.Drop : Delivery.Deliver,
            crashedAt: TransferStatus.Debited,
            targetFrozen: true,
            expectStatus: TransferStatus.Failed, expectSource: 100_00, expectTarget: 0);

    [Fact]
    public async Task Crash_right_after_the_refund_is_applied_refunds_once() =>
        await CrashAndRecover(
            cut: m => m is RefundTransfer ? Delivery.DropAnswer : Delivery.Deliver,
            crashedAt: TransferStatus.Debited,
            targetFrozen: true,
            expectStatus: TransferStatus.Failed, expectSource: 100_00, expectTarget: 0,
            appliedBeforeCrash: ("account-src", "TransferRefunded.v1"));

    private async Task CrashAndRecover(Func<IAccountMessage, Delivery> cut, TransferStatus crashedAt, bool targetFrozen,
        TransferStatus expectStatus, long expectSource, long expectTarget, (string PersistenceId, string Manifest)? appliedBeforeCrash = null)
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_crash");
        var start = new StartTransfer("crash", "src", "dst", 40m, null);

        await using (var host = await EventStoreHost.StartAsync(eventStore))
        {
            var accounts = host.System.ActorOf(AccountRouter.Props(cut));
            await Ask(accounts, new CreateAccount("src", "Source", 100m, "USD", null));
            await Ask(accounts, new CreateAccount("dst", "Target", 0m, "USD", null));
            if (targetFrozen) await Ask(accounts, new FreezeAccount("dst", "test", null, null));

            var saga = host.System.ActorOf(TransferActor.Props("crash", accounts, Settings));
            saga.Tell(start);
            await Eventually.Until(() => SagaStatusAsync(saga), s => s.Status == crashedAt && s.NextStepSent(cut), Patience,
                $"saga frozen at {crashedAt}");
            if (appliedBeforeCrash is var (persistenceId, manifest))
                await Eventually.Until(() => JournalSql.CountAsync(eventStore, persistenceId, manifest), n => n == 1, Patience,
                    $"{manifest} on {persistenceId} before the crash");
        }

        await using (var restarted = await EventStoreHost.StartAsync(eventStore))
        {
            var accounts = restarted.System.ActorOf(AccountRouter.DeliverAll());
            var saga = restarted.System.ActorOf(TransferActor.Props("crash", accounts, Settings));
            var finished = await Eventually.Until(() => SagaStatusAsync(saga), s => s.Status is TransferStatus.Completed or TransferStatus.Failed,
                Patience, "saga finished after restart");
            Assert.Equal(expectStatus, finished.Status);

            Assert.Equal(expectSource, (await AccountAsync(accounts, "src")).BalanceMinorUnits);
            Assert.Equal(expectTarget, (await AccountAsync(accounts, "dst")).BalanceMinorUnits);
        }

        // Exactly once, whatever was re-sent after the restart.
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-src", "TransferDebited.v1"));
        Assert.Equal(expectStatus == TransferStatus.Completed ? 1 : 0, await JournalSql.CountAsync(eventStore, "account-dst", "TransferCredited.v1"));
        Assert.Equal(expectStatus == TransferStatus.Failed ? 1 : 0, await JournalSql.CountAsync(eventStore, "account-src", "TransferRefunded.v1"));
    }

    private static async Task<object> Ask(IActorRef accounts, IAccountMessage message)
    {
        var answer = await accounts.Ask<object>(message, Patience);
        Assert.IsType<WriteAccepted>(answer);
        return answer;
    }

    private static async Task<AccountState> AccountAsync(IActorRef accounts, string id) =>
        (await accounts.Ask<AccountStateReply>(new GetAccountState(id), Patience)).State;

    private static async Task<SagaProbe> SagaStatusAsync(IActorRef saga) =>
        new((await saga.Ask<TransferStateReply>(new GetTransfer("crash"), Patience)).State);

    private sealed record SagaProbe(TransferState State)
    {
        public TransferStatus Status => State.Status;

        /// <summary>The state the cut is meant to freeze: the step the filter intercepts is the one now due.</summary>
        public bool NextStepSent(Func<IAccountMessage, Delivery> cut) => State.NextStep switch
        {
            TransferStep.Credit => cut(new CreditForTransfer("dst", "crash", 1m, "USD", "src", null, IsResend: false)) != Delivery.Deliver,
            TransferStep.Refund => cut(new RefundTransfer("src", "crash", 1m, "x", IsResend: false)) != Delivery.Deliver,
            _ => false,
        };
    }
}
