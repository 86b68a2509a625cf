using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>Overdraft limits: set at creation or later, used by withdrawals, transfers and holds, never lowered below what is used.</summary>
public sealed class OverdraftTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>10.00 USD on the balance, 50.00 of overdraft.</summary>
    private static readonly AccountState Open = Opened(new CreateAccount("acc", "Ada", 10m, "USD", null, OverdraftLimit: 50m));

    private static AccountState Opened(CreateAccount create) =>
        AccountState.Initial(create.AccountId).Apply(Assert.IsType<AccountCreated>(Decide(AccountState.Initial(create.AccountId), create)));

    private static object Decide(AccountState state, IAccountCommand command) =>
        AccountDecider.Decide(state, command, Now, Guid.NewGuid()) switch
        {
            Decision.Record r => r.Event,
            Decision.Answer a => a.Reply,
            _ => throw new InvalidOperationException(),
        };

    private static AccountState Applied(AccountState state, IAccountCommand command) => state.Apply(Assert.IsAssignableFrom<IAccountEvent>(Decide(state, command)));

    private static RejectionCode Rejection(AccountState state, IAccountCommand command) => Assert.IsType<CommandRejected>(Decide(state, command)).Code;

    [Fact]
    public void The_limit_set_at_creation_is_in_the_opening_event_and_counts_in_the_available_balance()
    {
        var created = Assert.IsType<AccountCreated>(Decide(AccountState.Initial("acc"), new CreateAccount("acc", "Ada", 10m, "USD", null, 50m)));
        Assert.Equal(50_00L, created.OverdraftLimitMinorUnits);
        Assert.Equal((10_00L, 50_00L, 60_00L), (Open.BalanceMinorUnits, Open.OverdraftLimitMinorUnits, Open.AvailableMinorUnits));
        // Without one: none, as every account opened before limits existed.
        Assert.Equal(0L, Opened(new CreateAccount("acc", "Ada", 10m, "USD", null)).OverdraftLimitMinorUnits);
    }

    [Fact]
    public void A_withdrawal_may_take_the_balance_down_to_minus_the_limit_and_one_cent_more_is_insufficient_funds()
    {
        var overdrawn = Applied(Open, new WithdrawMoney("acc", 60m, null, null, null));
        Assert.Equal((-50_00L, 0L), (overdrawn.BalanceMinorUnits, overdrawn.AvailableMinorUnits));
        Assert.Equal(RejectionCode.InsufficientFunds, Rejection(Open, new WithdrawMoney("acc", 60.01m, null, null, null)));
    }

    [Fact]
    public void Holds_use_the_limit_and_count_against_it_and_a_transfer_may_too()
    {
        var held = Applied(Open, new SendTransfer("acc", "h1", "other", 40m, null, true, null, null));
        Assert.Equal((10_00L, 20_00L), (held.BalanceMinorUnits, held.AvailableMinorUnits));
        Assert.Equal(RejectionCode.InsufficientFunds, Rejection(held, new WithdrawMoney("acc", 20.01m, null, null, null)));
        Assert.Equal(RejectionCode.InsufficientFunds, Rejection(held, new SendTransfer("acc", "h2", "other", 20.01m, null, true, null, null)));

        var sent = Applied(held, new SendTransfer("acc", "t1", "other", 20m, null, false, null, null));
        Assert.Equal((-10_00L, 0L), (sent.BalanceMinorUnits, sent.AvailableMinorUnits));
        var posted = Applied(sent, new PostTransfer("acc", "h1", 15m, null));
        Assert.Equal((-25_00L, 25_00L), (posted.BalanceMinorUnits, posted.AvailableMinorUnits));
    }

    [Fact]
    public void The_limit_may_be_raised_or_lowered_to_exactly_what_is_used_and_no_lower()
    {
        // 60.00 withdrawn and a hold of 5.00: 55.00 of the overdraft used.
        var used = Applied(Applied(Applied(Open, new SetOverdraftLimit("acc", 100m, null, null)),
            new WithdrawMoney("acc", 60m, null, null, null)), new SendTransfer("acc", "h1", "other", 5m, null, true, null, null));
        Assert.Equal((-50_00L, 5_00L, 45_00L), (used.BalanceMinorUnits, used.HeldMinorUnits, used.AvailableMinorUnits));

        var refused = Assert.IsType<CommandRejected>(Decide(used, new SetOverdraftLimit("acc", 54.99m, null, null)));
        Assert.Equal(RejectionCode.OverdraftLimitExceeded, refused.Code);
        Assert.Contains("55.00", refused.Detail);

        var lowered = Assert.IsType<OverdraftLimitSet>(Decide(used, new SetOverdraftLimit("acc", 55m, null, null)));
        Assert.Equal(55_00L, lowered.OverdraftLimitMinorUnits);
        var after = used.Apply(lowered);
        Assert.Equal((55_00L, 0L, 5L), (after.OverdraftLimitMinorUnits, after.AvailableMinorUnits, after.Version));
        // The hold voided frees its part: the limit may go lower again.
        var voided = Applied(after, new VoidTransfer("acc", "h1", null));
        Assert.IsType<OverdraftLimitSet>(Decide(voided, new SetOverdraftLimit("acc", 50m, null, null)));
    }

    [Fact]
    public void An_account_with_money_of_its_own_may_drop_its_limit_to_zero()
    {
        Assert.Equal(0L, Applied(Open, new SetOverdraftLimit("acc", 0m, null, null)).OverdraftLimitMinorUnits);
    }

    [Fact]
    public void The_largest_limit_is_accepted_at_every_scale()
    {
        Assert.Equal(MoneyLimits.MaxOverdraftLimitMinorUnits,
            Applied(Open, new SetOverdraftLimit("acc", 1_000_000_000_000m, null, null)).OverdraftLimitMinorUnits);
        var yen = Opened(new CreateAccount("yen", "Ada", 0m, "JPY", null, 100_000_000_000_000m));
        Assert.Equal(MoneyLimits.MaxOverdraftLimitMinorUnits, yen.OverdraftLimitMinorUnits);
    }

    [Fact]
    public void A_frozen_account_may_have_its_limit_changed_and_still_refuses_money_out()
    {
        var frozen = Applied(Open, new FreezeAccount("acc", null, null, null));
        var raised = Applied(frozen, new SetOverdraftLimit("acc", 80m, 2, null));
        Assert.Equal((AccountStatus.Frozen, 80_00L), (raised.Status, raised.OverdraftLimitMinorUnits));
        Assert.Equal(RejectionCode.AccountFrozen, Rejection(raised, new WithdrawMoney("acc", 1m, null, null, null)));
    }

    [Fact]
    public void An_account_that_used_its_overdraft_closes_once_its_balance_is_back_to_zero_whatever_its_limit()
    {
        var overdrawn = Applied(Open, new WithdrawMoney("acc", 30m, null, null, null));
        var repaid = Applied(overdrawn, new DepositMoney("acc", 20m, null, null, null));
        Assert.Equal((0L, 50_00L), (repaid.BalanceMinorUnits, repaid.OverdraftLimitMinorUnits));
        Assert.IsType<AccountClosed>(Decide(repaid, new CloseAccount("acc", null, null, null)));
    }

    [Fact]
    public void The_fold_refuses_a_history_below_minus_the_limit_or_a_limit_below_what_is_used()
    {
        Assert.Throws<InvariantViolatedException>(() =>
            Open.Apply(new MoneyWithdrawn("acc", Guid.NewGuid(), Now, 60_01, -50_01, null, null)));
        var overdrawn = Applied(Open, new WithdrawMoney("acc", 30m, null, null, null));
        Assert.Throws<InvariantViolatedException>(() => overdrawn.Apply(new OverdraftLimitSet("acc", Guid.NewGuid(), Now, 19_99, null)));
        Assert.Throws<InvariantViolatedException>(() => overdrawn.Apply(new OverdraftLimitSet("acc", Guid.NewGuid(), Now, -1, null)));
    }

    [Fact]
    public void Under_a_key_the_limit_is_part_of_the_request_and_a_create_without_one_keeps_its_fingerprint()
    {
        var set = new SetOverdraftLimit("acc", 70m, null, "key");
        var recorded = Assert.IsType<OverdraftLimitSet>(Decide(Open, set));
        var replay = AccountDecider.Replay(set with { OverdraftLimit = 70.00m }, RememberedWrite.Of(recorded, 2)!, "USD");
        Assert.True(Assert.IsType<WriteAccepted>(Assert.IsType<Decision.Answer>(replay).Reply).Replayed);
        var other = AccountDecider.Replay(set with { OverdraftLimit = 71m }, RememberedWrite.Of(recorded, 2)!, "USD");
        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(other).Reply).Code);

        var create = new CreateAccount("acc", "Ada", 10m, "USD", "key");
        Assert.Equal(RequestFingerprint.Of(create), RequestFingerprint.Of(create with { OverdraftLimit = 0.00m }));
        Assert.NotEqual(RequestFingerprint.Of(create), RequestFingerprint.Of(create with { OverdraftLimit = 1m }));
        // What a create without a limit was fingerprinted as before limits existed: a retry after the upgrade is the same request.
        Assert.Equal("9F9E00CA5EBAB2B0550AE9D63DD24B47", RequestFingerprint.Of(create));
    }
}
