using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Contracts.Accounts;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Actors;

/// <summary>
/// A refusal decided while an earlier write is in flight is answered once that write is durable (DeferAsync): Akka
/// hands the journal a batch with no event in it. The journal must confirm such a batch like any other: the
/// account, and the accounts writing beside it, go on as if nothing happened.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class DeferredAnswerJournalTests(LedgerFixture fixture)
{
    private const int Accounts = 40;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Refusals_with_nothing_in_flight_leave_every_account_writable()
    {
        await using var host = await EventStoreHost.StartAsync(await fixture.Postgres.CreateDatabaseAsync("deferred_answers"));
        var accounts = Enumerable.Range(0, Accounts).Select(i => host.System.ActorOf(AccountActor.Props($"acc{i}", new AccountSettings()))).ToArray();
        await Task.WhenAll(accounts.Select((a, i) => AcceptedAsync(a, new CreateAccount($"acc{i}", "Ada", 10m, "USD", $"open-{i}"))));

        // Each account: a deposit in flight, a withdrawal it must refuse, a deposit after the refusal; all accounts at once.
        var rounds = await Task.WhenAll(accounts.Select((a, i) => RoundAsync(a, $"acc{i}")));

        foreach (var (refusal, afterRefusal) in rounds)
        {
            Assert.Equal(RejectionCode.InsufficientFunds, refusal.Code);
            Assert.Equal(3L, afterRefusal.Version);
        }
    }

    private static async Task<(CommandRejected Refusal, WriteAccepted AfterRefusal)> RoundAsync(IActorRef account, string id)
    {
        // Sent together: the refusal is decided while the deposit's write is in flight, so its answer waits for it.
        var deposit = AcceptedAsync(account, new DepositMoney(id, 1m, null, null, $"{id}-before"));
        var withdrawal = account.Ask<object>(new WithdrawMoney(id, 1_000m, null, null, $"{id}-too-much"), AskTimeout);
        await deposit;
        var refusal = Assert.IsType<CommandRejected>(await withdrawal);
        var afterRefusal = await AcceptedAsync(account, new DepositMoney(id, 1m, null, null, $"{id}-after"));
        return (refusal, afterRefusal);
    }

    private static async Task<WriteAccepted> AcceptedAsync(IActorRef account, IAccountMessage command) =>
        Assert.IsType<WriteAccepted>(await account.Ask<object>(command, AskTimeout));
}
