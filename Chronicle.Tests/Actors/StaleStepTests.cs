using Akka.Actor;
using Chronicle.Actors.Transfers;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Actors;

/// <summary>
/// A transfer's step sent by an earlier incarnation of its source (a shard handed over, a node that died with messages in
/// flight) can reach the target after the target refused a later copy and the source recorded the refusal. The target
/// wrote nothing when it refused, so it cannot tell; the source's record of the refusal holds the step's key, and the
/// journal holds each key once: the late copy must take no effect. Real accounts on a real journal; the late copy is
/// sent by hand, exactly as the source's first send was.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class StaleStepTests(LedgerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_late_credit_after_a_frozen_target_refused_it_credits_nothing()
    {
        await using var ledger = await StartAsync("stale_credit_frozen");
        await Ask(ledger.Accounts, new CreateAccount("dst", "Target", 0m, "USD", null));
        await Ask(ledger.Accounts, new FreezeAccount("dst", "test", null, null));

        var outcome = await SendAsync(ledger.Accounts, hold: false);
        Assert.Equal((TransferStatuses.Failed, "account_frozen"), (outcome.Status, outcome.Reason));
        await Ask(ledger.Accounts, new UnfreezeAccount("dst", null, null));

        await AssertRefusedAsync(ledger.Accounts, LateCredit);
        Assert.Equal(100_00, (await AccountAsync(ledger.Accounts, "src")).BalanceMinorUnits);
        Assert.Equal(0, (await AccountAsync(ledger.Accounts, "dst")).BalanceMinorUnits);
        Assert.Equal(0, await JournalSql.CountAsync(ledger.EventStore, "account-dst", "TransferCredited.v1"));
    }

    [Fact]
    public async Task A_late_credit_to_an_account_created_after_the_refusal_credits_nothing()
    {
        await using var ledger = await StartAsync("stale_credit_missing");
        var outcome = await SendAsync(ledger.Accounts, hold: false);
        Assert.Equal((TransferStatuses.Failed, "account_not_found"), (outcome.Status, outcome.Reason));
        await Ask(ledger.Accounts, new CreateAccount("dst", "Target", 0m, "USD", null));

        await AssertRefusedAsync(ledger.Accounts, LateCredit);
        Assert.Equal(100_00, (await AccountAsync(ledger.Accounts, "src")).BalanceMinorUnits);
        Assert.Equal(0, (await AccountAsync(ledger.Accounts, "dst")).BalanceMinorUnits);
    }

    [Fact]
    public async Task A_late_note_to_an_account_created_after_the_refusal_holds_nothing_pending()
    {
        await using var ledger = await StartAsync("stale_note_missing");
        var outcome = await SendAsync(ledger.Accounts, hold: true);
        Assert.Equal((TransferStatuses.Failed, "account_not_found"), (outcome.Status, outcome.Reason));
        await Ask(ledger.Accounts, new CreateAccount("dst", "Target", 0m, "USD", null));

        await AssertRefusedAsync(ledger.Accounts, new OpenIncomingHold("dst", TransferId, 40m, "USD", "src", IsResend: false));
        var target = await AccountAsync(ledger.Accounts, "dst");
        Assert.Empty(target.Incoming);
        Assert.Equal(0, target.PendingIncomingMinorUnits);
        // Nothing pending: the target can close (a pending entry nobody will end would keep it open for ever).
        await Ask(ledger.Accounts, new CloseAccount("dst", null, null, null));
    }

    /// <summary>
    /// The late copy lands between the target's refusal and the source's record of it: it is credited, so the return, under
    /// the same key, cannot be written. The source restarts, sends the credit again, hears it was credited, and settles:
    /// the money moved once.
    /// </summary>
    [Fact]
    public async Task A_late_credit_applied_before_the_refusal_was_recorded_makes_the_return_fail_and_the_transfer_complete()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("stale_credit_race");
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSteps = new TransferSettings { StepTimeoutMilliseconds = 60_000 };
        await using (var host = await EventStoreHost.StartAsync(eventStore))
        {
            // The source's credit: its answer held back. The late copy, sent below by hand, is answered at once.
            var credits = 0;
            var accounts = host.System.ActorOf(AccountRouter.Props(
                m => m is CreditForTransfer && ++credits == 1 ? AccountRouter.Delivery.HoldAnswer : AccountRouter.Delivery.Deliver, slowSteps, released.Task));
            await Ask(accounts, new CreateAccount("src", "Source", 100m, "USD", null));
            await Ask(accounts, new CreateAccount("dst", "Target", 0m, "USD", null));
            await Ask(accounts, new FreezeAccount("dst", "test", null, null));

            // Pending: the frozen target refused the credit, and its answer is held back.
            var send = new SendTransfer("src", TransferId, "dst", 40m, null, Hold: false, TimeoutSeconds: null, TransferStart.KeyOf(TransferId));
            Assert.Equal(TransferStatuses.Pending, Assert.IsType<TransferOutcome>(await accounts.Ask<object>(send, Patience)).Status);
            await Ask(accounts, new UnfreezeAccount("dst", null, null));
            await Ask(accounts, LateCredit);

            var source = await host.System.ActorSelection(accounts.Path / "src").ResolveOne(Patience);
            var stopped = source.WatchAsync();
            released.SetResult();
            Assert.True(await stopped.WaitAsync(Patience), "the source stopped: its return was refused on the credit's key");
        }

        await using (var restarted = await EventStoreHost.StartAsync(eventStore))
        {
            var accounts = restarted.System.ActorOf(AccountRouter.DeliverAll());
            accounts.Tell(new ResumeTransfers("src"));
            var source = await Eventually.Until(() => AccountAsync(accounts, "src"), s => s.Outgoing.IsEmpty, Patience, "the transfer ended after restart");
            Assert.Equal(60_00, source.BalanceMinorUnits);
            Assert.Equal(40_00, (await AccountAsync(accounts, "dst")).BalanceMinorUnits);
        }
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-dst", "TransferCredited.v1"));
        Assert.Equal(1, await JournalSql.CountAsync(eventStore, "account-src", "TransferSettled.v1"));
        Assert.Equal(0, await JournalSql.CountAsync(eventStore, "account-src", "TransferReturned.v1"));
    }

    private const string TransferId = "late";

    /// <summary>The credit exactly as the source's first send carried it: not marked as a resend.</summary>
    private static readonly CreditForTransfer LateCredit = new("dst", TransferId, 40m, "USD", "src", null, IsResend: false);

    private async Task<Ledger> StartAsync(string database)
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync(database);
        var host = await EventStoreHost.StartAsync(eventStore);
        var accounts = host.System.ActorOf(AccountRouter.DeliverAll());
        await Ask(accounts, new CreateAccount("src", "Source", 100m, "USD", null));
        return new Ledger(host, accounts, eventStore);
    }

    /// <summary>Sends 40 from src to dst and waits until the transfer has ended on the source.</summary>
    private static async Task<TransferOutcome> SendAsync(IActorRef accounts, bool hold)
    {
        var send = new SendTransfer("src", TransferId, "dst", 40m, null, hold, hold ? 600 : null, TransferStart.KeyOf(TransferId));
        var answer = Assert.IsType<TransferOutcome>(await accounts.Ask<object>(send, Patience));
        await Eventually.Until(() => AccountAsync(accounts, "src"), s => s.Outgoing.IsEmpty, Patience, "the transfer ended on its source");
        return answer;
    }

    /// <summary>The late copy is refused: its key is the source's, which recorded the refusal.</summary>
    private static async Task AssertRefusedAsync(IActorRef accounts, IAccountCommand late)
    {
        var answer = await accounts.Ask<object>(late, Patience);
        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(answer).Code);
        // And again, as a resend: the target asks the journal this time, and hears the same.
        var resent = late switch
        {
            CreditForTransfer c => (IAccountCommand)(c with { IsResend = true }),
            OpenIncomingHold n => n with { IsResend = true },
            _ => late,
        };
        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(await accounts.Ask<object>(resent, Patience)).Code);
    }

    private static async Task Ask(IActorRef accounts, IAccountMessage message) =>
        Assert.IsType<WriteAccepted>(await accounts.Ask<object>(message, Patience));

    private static async Task<AccountState> AccountAsync(IActorRef accounts, string id) =>
        (await accounts.Ask<AccountStateReply>(new GetAccountState(id), Patience)).State;

    private sealed record Ledger(EventStoreHost Host, IActorRef Accounts, string EventStore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }
}
