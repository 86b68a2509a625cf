using Akka.Actor;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using static Chronicle.Tests.Infrastructure.AccountRouter;

namespace Chronicle.Tests.Actors;

/// <summary>
/// A transfer interrupted at any point ends after a restart, exactly once, with no client asking again.
/// Each test runs real accounts on a real journal, cuts the wire at one exact message (as a crash
/// would), shuts the actor system down, starts a new one on the same journal, and wakes the source.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TransferCrashTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TransferSettings Settings = new() { StepTimeoutMilliseconds = 2_000 };

    [Fact]
    public async Task Crash_before_the_credit_reached_the_target_completes_the_transfer_once() =>
        await CrashAndRecover(
            cut: m => m is CreditForTransfer ? Delivery.Drop : Delivery.Deliver,
            targetFrozen: false,
            expectSource: 60_00, expectTarget: 40_00, expectCredits: 1, expectReturns: 0);

    [Fact]
    public async Task Crash_after_the_target_credited_but_before_the_source_heard_completes_it_once() =>
        await CrashAndRecover(
            cut: m => m is CreditForTransfer ? Delivery.DropAnswer : Delivery.Deliver,
            targetFrozen: false,
            expectSource: 60_00, expectTarget: 40_00, expectCredits: 1, expectReturns: 0,
            appliedBeforeCrash: ("account-dst", "TransferCredited.v1"));

    [Fact]
    public async Task Crash_before_a_refused_credit_was_answered_returns_the_money_once() =>
        await CrashAndRecover(
            cut: m => m is CreditForTransfer ? Delivery.Drop : Delivery.Deliver,
            targetFrozen: true,
            expectSource: 100_00, expectTarget: 0, expectCredits: 0, expectReturns: 1);

    private async Task CrashAndRecover(Func<IAccountMessage, Delivery> cut, bool targetFrozen,
        long expectSource, long expectTarget, int expectCredits, int expectReturns, (string PersistenceId, string Manifest)? appliedBeforeCrash = null)
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("transfer_crash");
        var send = new SendTransfer("src", "crash", "dst", 40m, null, Hold: false, TimeoutSeconds: null, TransferStart.KeyOf("crash"));

        await using (var host = await EventStoreHost.StartAsync(eventStore))
        {
            var accounts = host.System.ActorOf(AccountRouter.Props(cut, Settings));
            await Ask(accounts, new CreateAccount("src", "Source", 100m, "USD", null));
            await Ask(accounts, new CreateAccount("dst", "Target", 0m, "USD", null));
            if (targetFrozen) await Ask(accounts, new FreezeAccount("dst", "test", null, null));

            // The answer: pending, once the transfer is durable and its credit has not come back within the account's wait.
            var started = await accounts.Ask<object>(send, Patience);
            Assert.Equal(TransferStatuses.Pending, Assert.IsType<TransferOutcome>(started).Status);
            Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-src", "TransferSent.v1"));
            if (appliedBeforeCrash is var (persistenceId, manifest))
                await Eventually.Until(() => JournalSql.CountAsync(eventStore, persistenceId, manifest), n => n == 1, Patience,
                    $"{manifest} on {persistenceId} before the crash");
        }

        await using (var restarted = await EventStoreHost.StartAsync(eventStore))
        {
            var accounts = restarted.System.ActorOf(AccountRouter.DeliverAll(Settings));
            // What the recovery scan does: wake the source, which sends the unanswered credit again on recovery.
            accounts.Tell(new ResumeTransfers("src"));
            var source = await Eventually.Until(() => AccountAsync(accounts, "src"), s => s.Outgoing.IsEmpty, Patience, "the transfer ended after restart");
            Assert.Equal(expectSource, source.BalanceMinorUnits);
            Assert.Equal(expectSource, source.AvailableMinorUnits);
            Assert.Equal(expectTarget, (await AccountAsync(accounts, "dst")).BalanceMinorUnits);
        }

        // Exactly once, whatever was sent again after the restart.
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-src", "TransferSent.v1"));
        Assert.Equal(expectCredits, await JournalSql.CountAsync(eventStore, "account-dst", "TransferCredited.v1"));
        Assert.Equal(expectCredits, await JournalSql.CountAsync(eventStore, "account-src", "TransferSettled.v1"));
        Assert.Equal(expectReturns, await JournalSql.CountAsync(eventStore, "account-src", "TransferReturned.v1"));
    }

    private static async Task Ask(IActorRef accounts, IAccountMessage message) =>
        Assert.IsType<WriteAccepted>(await accounts.Ask<object>(message, Patience));

    private static async Task<AccountState> AccountAsync(IActorRef accounts, string id) =>
        (await accounts.Ask<AccountStateReply>(new GetAccountState(id), Patience)).State;
}
