using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Contracts.Accounts;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Actors;

/// <summary>
/// Two nodes that both believe they own an account (a split brain) run two incarnations of it on
/// one journal. The second to write a sequence number is refused by the journal's unique key: it
/// must not answer success and must stop, so the first incarnation's history stands alone.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class TwoIncarnationsTests(LedgerFixture fixture)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_second_incarnation_cannot_commit_a_sequence_number_the_first_already_wrote()
    {
        var eventStore = await fixture.Postgres.CreateDatabaseAsync("incarnations");
        await using var hostA = await EventStoreHost.StartAsync(eventStore);
        await using var hostB = await EventStoreHost.StartAsync(eventStore);
        var systemB = hostB.System;
        var first = hostA.System.ActorOf(AccountActor.Props("twin", new AccountSettings()));

        Assert.IsType<WriteAccepted>(await first.Ask<object>(new CreateAccount("twin", "Twin", 100m, "USD", null), AskTimeout));
        // The second incarnation starts (and recovers) on the other node once the account exists.
        var second = systemB.ActorOf(AccountActor.Props("twin", new AccountSettings()));
        var seenBySecond = await second.Ask<AccountStateReply>(new GetAccountState("twin"), AskTimeout);
        Assert.Equal(1, seenBySecond.State.Version);

        var deposit = await first.Ask<object>(new DepositMoney("twin", 10m, null, null, null), AskTimeout);
        Assert.Equal(2, Assert.IsType<WriteAccepted>(deposit).Version);

        var probe = new Akka.TestKit.Xunit2.TestKit(systemB);
        probe.Watch(second);
        // The stale incarnation still believes the balance is 100 at version 1 and tries to write version 2.
        var stale = await second.Ask<object>(new WithdrawMoney("twin", 100m, null, null, null), AskTimeout);

        Assert.Equal(RejectionCode.Unavailable, Assert.IsType<CommandRejected>(stale).Code);
        probe.ExpectTerminated(second, AskTimeout);

        // A fresh incarnation recovers the first one's history only: 100 + 10.
        var fresh = systemB.ActorOf(AccountActor.Props("twin", new AccountSettings()));
        var recovered = await fresh.Ask<AccountStateReply>(new GetAccountState("twin"), AskTimeout);
        Assert.Equal(2, recovered.State.Version);
        Assert.Equal(110_00, recovered.State.BalanceMinorUnits);
    }
}
