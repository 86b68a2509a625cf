using Akka.Actor;
using Chronicle.Actors.Accounts;
using Chronicle.Contracts.Accounts;
using Chronicle.Domain.Accounts;
using Chronicle.Tests.Infrastructure;

namespace Chronicle.Tests.Actors;

/// <summary>
/// Idempotency keys are exact whatever the traffic, at bounded memory: an account holding only ten keys
/// in memory still answers a retry of its first write, after a thousand others and after a restart, by
/// asking the durable record (the journal, indexed by key). A transfer's credit sent again is applied once.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class IdempotencyRecordTests(LedgerFixture fixture)
{
    private const int KeysInMemory = 10;
    private const int OtherWrites = 1_000;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly AccountSettings TenKeys = new() { IdempotencyKeysInMemory = KeysInMemory };

    [Fact]
    public async Task A_retry_after_a_thousand_other_keyed_writes_and_a_restart_is_answered_from_the_record()
    {
        await using var host = await EventStoreHost.StartAsync(await fixture.Postgres.CreateDatabaseAsync("key_record"));
        var account = host.System.ActorOf(AccountActor.Props("acc", TenKeys));
        await AcceptedAsync(account, new CreateAccount("acc", "Ada", 0m, "USD", null));
        var first = await AcceptedAsync(account, Deposit("first", 7m));
        await DepositManyAsync(account, "acc");

        foreach (var incarnation in new[] { "the same incarnation", "a restarted one" })
        {
            var replay = await AcceptedAsync(account, Deposit("first", 7m));
            Assert.True(replay.Replayed, incarnation);
            Assert.Equal((first.EventId, first.Version, first.BalanceMinorUnits), (replay.EventId, replay.Version, replay.BalanceMinorUnits));
            var refused = await account.Ask<object>(Deposit("first", 8m), AskTimeout);
            Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(refused).Code);

            var state = (await account.Ask<AccountStateReply>(new GetAccountState("acc"), AskTimeout)).State;
            Assert.Equal((2L + OtherWrites, (7L + OtherWrites) * 100), (state.Version, state.BalanceMinorUnits));
            account = await RestartAsync(host.System, account, "acc", TenKeys);
        }

        // A key the record has never seen is still a new write.
        Assert.False((await AcceptedAsync(account, Deposit("fresh", 1m))).Replayed);
    }

    [Fact]
    public async Task An_account_started_from_a_snapshot_restores_its_keys_from_the_record()
    {
        await using var host = await EventStoreHost.StartAsync(await fixture.Postgres.CreateDatabaseAsync("key_restore"));
        var settings = new AccountSettings { SnapshotEveryEvents = 50 };
        var account = host.System.ActorOf(AccountActor.Props("snap", settings));
        await AcceptedAsync(account, new CreateAccount("snap", "Ada", 0m, "USD", null));
        var first = await AcceptedAsync(account, new DepositMoney("snap", 7m, null, null, "first"));
        for (var i = 0; i < 120; i++) await AcceptedAsync(account, new DepositMoney("snap", 1m, null, null, $"w{i}"));

        account = await RestartAsync(host.System, account, "snap", settings);

        var replay = await AcceptedAsync(account, new DepositMoney("snap", 7m, null, null, "first"));
        Assert.Equal((true, first.EventId), (replay.Replayed, replay.EventId));
        Assert.Equal(122L, (await account.Ask<AccountStateReply>(new GetAccountState("snap"), AskTimeout)).State.Version);
    }

    [Fact]
    public async Task A_key_used_on_one_account_is_refused_on_another_and_nothing_is_written_there()
    {
        await using var host = await EventStoreHost.StartAsync(await fixture.Postgres.CreateDatabaseAsync("key_elsewhere"));
        var a = host.System.ActorOf(AccountActor.Props("a", new AccountSettings()));
        var b = host.System.ActorOf(AccountActor.Props("b", new AccountSettings()));
        await AcceptedAsync(a, new CreateAccount("a", "Ada", 0m, "USD", null));
        await AcceptedAsync(b, new CreateAccount("b", "Bob", 0m, "USD", null));
        await AcceptedAsync(a, new DepositMoney("a", 5m, null, null, "shared"));

        // b's memory holds every key b ever saw, so it takes the key for new: the journal's unique key index refuses it.
        var refused = await b.Ask<object>(new DepositMoney("b", 5m, null, null, "shared"), AskTimeout);

        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(refused).Code);
        var bAfter = host.System.ActorOf(AccountActor.Props("b", new AccountSettings()), "b-after");
        var state = (await bAfter.Ask<AccountStateReply>(new GetAccountState("b"), AskTimeout)).State;
        Assert.Equal((1L, 0L), (state.Version, state.BalanceMinorUnits));
    }

    [Fact]
    public async Task A_transfer_credit_sent_again_after_a_thousand_keyed_writes_to_the_target_is_applied_once()
    {
        await using var host = await EventStoreHost.StartAsync(await fixture.Postgres.CreateDatabaseAsync("step_resend"));
        var target = host.System.ActorOf(AccountActor.Props("dst", TenKeys));
        await AcceptedAsync(target, new CreateAccount("dst", "Bob", 0m, "USD", null));
        var credit = new CreditForTransfer("dst", "t1", 30m, "USD", "src", null, IsResend: false);
        var credited = await AcceptedAsync(target, credit);

        await DepositManyAsync(target, "dst");

        var creditAgain = await AcceptedAsync(target, credit with { IsResend = true });
        Assert.Equal((true, credited.EventId), (creditAgain.Replayed, creditAgain.EventId));
        var dst = (await target.Ask<AccountStateReply>(new GetAccountState("dst"), AskTimeout)).State;
        Assert.Equal((30L + OtherWrites) * 100, dst.BalanceMinorUnits);
    }

    [Fact]
    public async Task Keys_past_memory_that_queue_together_are_asked_together_and_each_decided_once()
    {
        const int Burst = 400;
        await using var host = await EventStoreHost.StartAsync(await fixture.Postgres.CreateDatabaseAsync("key_batches"));
        var account = host.System.ActorOf(AccountActor.Props("acc", TenKeys));
        await AcceptedAsync(account, new CreateAccount("acc", "Ada", 0m, "USD", null));
        // Past its ten keys, memory can no longer tell a new key from a forgotten one: every keyed write asks the record.
        for (var i = 0; i < 2 * KeysInMemory; i++) await AcceptedAsync(account, Deposit($"early-{i}", 1m));
        var record = KeyRecord.For(host.System);

        foreach (var round in new[] { "new keys", "the same keys again" })
        {
            var queriesBefore = record.Queries;
            var answers = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => AcceptedAsync(account, Deposit($"burst-{i}", 1m))));

            Assert.All(answers, a => Assert.Equal(round == "the same keys again", a.Replayed));
            Assert.Equal(Burst, answers.Select(a => a.EventId).Distinct().Count());
            var queries = record.Queries - queriesBefore;
            Assert.True(queries <= Burst / 10, $"{round}: {queries} queries of the record for {Burst} queued keys");
        }

        var state = (await account.Ask<AccountStateReply>(new GetAccountState("acc"), AskTimeout)).State;
        Assert.Equal((1L + 2 * KeysInMemory + Burst, (2L * KeysInMemory + Burst) * 100), (state.Version, state.BalanceMinorUnits));
    }

    private static DepositMoney Deposit(string key, decimal amount) => new("acc", amount, null, null, key);

    /// <summary><see cref="OtherWrites"/> deposits of 1.00, each under its own key, sent at once and all accepted.</summary>
    private static async Task DepositManyAsync(IActorRef account, string accountId)
    {
        var answers = Enumerable.Range(0, OtherWrites)
            .Select(i => account.Ask<object>(new DepositMoney(accountId, 1m, null, null, $"{accountId}-other-{i}"), AskTimeout));
        foreach (var answer in await Task.WhenAll(answers)) Assert.False(Assert.IsType<WriteAccepted>(answer).Replayed);
    }

    private static async Task<WriteAccepted> AcceptedAsync(IActorRef account, IAccountMessage command) =>
        Assert.IsType<WriteAccepted>(await account.Ask<object>(command, AskTimeout));

    /// <summary>Stops the account and starts a new incarnation, which recovers from the journal.</summary>
    private static async Task<IActorRef> RestartAsync(ActorSystem system, IActorRef account, string accountId, AccountSettings settings)
    {
        await account.GracefulStop(AskTimeout, StopAccount.Instance);
        return system.ActorOf(AccountActor.Props(accountId, settings));
    }
}
