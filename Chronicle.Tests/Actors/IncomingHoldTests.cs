using Akka.Actor;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;
using static Chronicle.Tests.Infrastructure.AccountRouter;

namespace Chronicle.Tests.Actors;

/// <summary>
/// A hold known to its target, on real accounts and a real journal: the source's note is sent again until answered (and
/// after a restart), and the target holds the hold pending once however often the note arrives, even when one comes
/// after the hold ended there; a target closed before the note arrives refuses it and the hold fails, its money free again.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class IncomingHoldTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TransferSettings Settings = new() { StepTimeoutMilliseconds = 1_000 };

    [Fact]
    public async Task A_note_delivered_again_and_after_a_restart_is_held_once_and_one_arriving_after_the_release_opens_nothing()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("incoming_hold_twice");
        var notesDelivered = 0;
        await using (var host = await EventStoreHost.StartAsync(eventStore))
        {
            // The target takes every note; every answer is lost, as if the source's node died each time before hearing it.
            var accounts = host.System.ActorOf(AccountRouter.Props(m =>
            {
                if (m is not OpenIncomingHold) return Delivery.Deliver;
                Interlocked.Increment(ref notesDelivered);
                return Delivery.DropAnswer;
            }, Settings));
            await Ask(accounts, new CreateAccount("src", "Source", 100m, "USD", null));
            await Ask(accounts, new CreateAccount("dst", "Target", 0m, "USD", null));

            // No answer from the target within the account's wait: the hold is durable, not yet in place on both sides.
            var held = await accounts.Ask<object>(Hold(), Patience);
            Assert.Equal(TransferStatuses.Pending, Assert.IsType<TransferOutcome>(held).Status);
            await Eventually.Until(() => Task.FromResult(Volatile.Read(ref notesDelivered)), n => n >= 2, Patience, "the note sent again after its answer was lost");
            Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-dst", "IncomingHoldOpened.v1"));
        }

        await using var restarted = await EventStoreHost.StartAsync(eventStore);
        var router = restarted.System.ActorOf(AccountRouter.DeliverAll(Settings));
        router.Tell(new ResumeTransfers("src"));
        await Eventually.Until(() => Strong(router, "dst"), s => s.Incoming.ContainsKey("h"), Patience, "the target holding the hold");
        var pending = await Strong(router, "dst");
        Assert.Equal((0L, 40_00L), (pending.BalanceMinorUnits, pending.PendingIncomingMinorUnits));
        Assert.Equal(RejectionCode.AccountHasPendingTransfers, Refused(await router.Ask<object>(Close(), Patience)));

        var voided = Assert.IsType<TransferOutcome>(await router.Ask<object>(new VoidTransfer("src", "h", null), Patience));
        Assert.Equal(TransferStatuses.Voided, voided.Status);
        // The void is answered once the target released the hold: the target can close at once.
        Assert.Empty((await Strong(router, "dst")).Incoming);
        // A note of an earlier incarnation of the source, late: its key was used, nothing opens again.
        var late = Assert.IsType<WriteAccepted>(await router.Ask<object>(new OpenIncomingHold("dst", "h", 40m, "USD", "src", IsResend: false), Patience));
        Assert.True(late.Replayed);
        Assert.Empty((await Strong(router, "dst")).Incoming);
        await Eventually.Until(() => Strong(router, "src"), s => s.Outgoing.IsEmpty, Patience, "the release confirmed at the source");
        Assert.IsType<WriteAccepted>(await router.Ask<object>(Close(), Patience));

        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-dst", "IncomingHoldOpened.v1"));
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-dst", "IncomingHoldReleased.v1"));
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-src", "HoldReleaseConfirmed.v1"));
        Assert.Equal(100_00L, (await Strong(router, "src")).AvailableMinorUnits);
    }

    [Fact]
    public async Task A_target_closed_before_the_note_arrives_refuses_it_and_the_hold_fails_with_its_money_free()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("incoming_hold_closed");
        var firstNote = 1;
        await using var host = await EventStoreHost.StartAsync(eventStore);
        // The first note is lost on its way; the target closes meanwhile; the note sent again finds it closed.
        var accounts = host.System.ActorOf(AccountRouter.Props(
            m => m is OpenIncomingHold && Interlocked.Exchange(ref firstNote, 0) == 1 ? Delivery.Drop : Delivery.Deliver, Settings));
        await Ask(accounts, new CreateAccount("src", "Source", 100m, "USD", null));
        await Ask(accounts, new CreateAccount("dst", "Target", 0m, "USD", null));
        var hold = accounts.Ask<object>(Hold(), Patience);
        await Ask(accounts, Close());

        // Within the account's wait or after it (then pending first): the hold ends failed, with the target's reason.
        var answer = Assert.IsType<TransferOutcome>(await hold);
        if (answer.Status == TransferStatuses.Failed) Assert.Equal("account_closed", answer.Reason);
        else Assert.Equal(TransferStatuses.Pending, answer.Status);
        var source = await Eventually.Until(() => Strong(accounts, "src"), s => s.Outgoing.IsEmpty, Patience, "the hold refused by its target");
        Assert.Equal((100_00L, 100_00L), (source.BalanceMinorUnits, source.AvailableMinorUnits));
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-src", "HoldRefused.v1"));
        Assert.Equal(0, await JournalSql.CountAsync(eventStore, "account-dst", "IncomingHoldOpened.v1"));
        Assert.IsType<TransferNotOpen>(await accounts.Ask<object>(new GetOpenTransfer("src", "h"), Patience));
    }

    private static SendTransfer Hold() => new("src", "h", "dst", 40m, null, Hold: true, TimeoutSeconds: null, TransferStart.KeyOf("h"));

    private static CloseAccount Close() => new("dst", null, null, null);

    private static async Task Ask(IActorRef accounts, IAccountMessage message) =>
        Assert.IsType<WriteAccepted>(await accounts.Ask<object>(message, Patience));

    private static RejectionCode Refused(object answer) => Assert.IsType<CommandRejected>(answer).Code;

    private static async Task<AccountState> Strong(IActorRef accounts, string id) =>
        (await accounts.Ask<AccountStateReply>(new GetAccountState(id), Patience)).State;
}
