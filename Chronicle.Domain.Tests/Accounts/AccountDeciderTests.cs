using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>The business rules, one row per outcome: every rejection code the account can give.</summary>
public sealed class AccountDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AccountState Open = AccountState.Initial("acc")
        .Apply(new AccountCreated("acc", Guid.NewGuid(), Now, "Ada", "USD", 100_00, null));

    private static object Decide(AccountState state, IAccountCommand command) =>
        AccountDecider.Decide(state, command, Now, Guid.NewGuid()) switch
        {
            Decision.Record r => r.Event,
            Decision.Answer a => a.Reply,
            _ => throw new InvalidOperationException(),
        };

    private static RejectionCode Rejection(AccountState state, IAccountCommand command) =>
        Assert.IsType<CommandRejected>(Decide(state, command)).Code;

    [Fact]
    public void Deposit_records_the_amount_and_the_balance_after_in_minor_units()
    {
        var e = Assert.IsType<MoneyDeposited>(Decide(Open, new DepositMoney("acc", 12.34m, "pay", null, null)));
        Assert.Equal((1234L, 11234L, "pay"), (e.AmountMinorUnits, e.BalanceAfterMinorUnits, e.Description));
    }

    [Fact]
    public void Withdrawal_of_the_whole_balance_is_allowed_and_one_cent_more_is_not()
    {
        Assert.IsType<MoneyWithdrawn>(Decide(Open, new WithdrawMoney("acc", 100m, null, null, null)));
        Assert.Equal(RejectionCode.InsufficientFunds, Rejection(Open, new WithdrawMoney("acc", 100.01m, null, null, null)));
    }

    public static TheoryData<string, IAccountCommand, RejectionCode> Rejections => new()
    {
        { "missing account", new DepositMoney("acc", 1m, null, null, null), RejectionCode.AccountNotFound },
        { "open account", new CreateAccount("acc", "Ada", 0m, "USD", null), RejectionCode.AccountExists },
        { "open account", new DepositMoney("acc", 0m, null, null, null), RejectionCode.ValidationFailed },
        { "open account", new DepositMoney("acc", -1m, null, null, null), RejectionCode.ValidationFailed },
        { "open account", new DepositMoney("acc", 0.001m, null, null, null), RejectionCode.ValidationFailed },
        { "open account", new DepositMoney("acc", 1m, new string('d', 501), null, null), RejectionCode.ValidationFailed },
        { "open account", new DepositMoney("acc", 1m, null, 7, null), RejectionCode.VersionConflict },
        { "open account", new WithdrawMoney("acc", 1m, null, 0, null), RejectionCode.VersionConflict },
        { "open account", new WithdrawMoney("acc", 1000m, null, null, null), RejectionCode.InsufficientFunds },
        { "missing account", new CreateAccount("acc", "Ada", 0m, "XYZ", null), RejectionCode.ValidationFailed },
        { "missing account", new CreateAccount("acc", "Ada", 1.5m, "JPY", null), RejectionCode.ValidationFailed },
        { "missing account", new CreateAccount("acc", "Ada", -1m, "USD", null), RejectionCode.ValidationFailed },
        { "missing account", new CreateAccount("acc", " ", 0m, "USD", null), RejectionCode.ValidationFailed },
        { "frozen account", new WithdrawMoney("acc", 1m, null, null, null), RejectionCode.AccountFrozen },
        { "frozen account", new DepositMoney("acc", 1m, null, null, null), RejectionCode.AccountFrozen },
        { "closed account", new DepositMoney("acc", 1m, null, null, null), RejectionCode.AccountClosed },
        { "full account", new DepositMoney("acc", 1m, null, null, null), RejectionCode.ValidationFailed },
        { "missing account", new FreezeAccount("acc", null, null, null), RejectionCode.AccountNotFound },
        { "frozen account", new FreezeAccount("acc", null, null, null), RejectionCode.AccountFrozen },
        { "open account", new UnfreezeAccount("acc", null, null), RejectionCode.AccountNotFrozen },
        { "open account", new CloseAccount("acc", null, null, null), RejectionCode.BalanceNotZero },
        { "closed account", new CloseAccount("acc", null, null, null), RejectionCode.AccountClosed },
        { "closed account", new UnfreezeAccount("acc", null, null), RejectionCode.AccountClosed },
        { "closed account", new WithdrawMoney("acc", 1m, null, null, null), RejectionCode.AccountClosed },
        { "open account", new FreezeAccount("acc", null, 0, null), RejectionCode.VersionConflict },
        { "frozen account", new UnfreezeAccount("acc", 2, null), RejectionCode.VersionConflict },
        { "empty account", new CloseAccount("acc", null, 3, null), RejectionCode.VersionConflict },
        // A stale version is heard before the rule of the account's state it would also break.
        { "frozen account", new FreezeAccount("acc", null, 7, null), RejectionCode.VersionConflict },
        { "open account", new CloseAccount("acc", null, 7, null), RejectionCode.VersionConflict },
        { "closed account", new CloseAccount("acc", null, 7, null), RejectionCode.AccountClosed },
        // Overdraft limits (OverdraftTests has the rest): what a limit may be, and never below what is used.
        { "missing account", new SetOverdraftLimit("acc", 1m, null, null), RejectionCode.AccountNotFound },
        { "closed account", new SetOverdraftLimit("acc", 1m, null, null), RejectionCode.AccountClosed },
        { "open account", new SetOverdraftLimit("acc", -0.01m, null, null), RejectionCode.ValidationFailed },
        { "open account", new SetOverdraftLimit("acc", 0.001m, null, null), RejectionCode.ValidationFailed },
        { "open account", new SetOverdraftLimit("acc", 1_000_000_000_000.01m, null, null), RejectionCode.ValidationFailed },
        { "open account", new SetOverdraftLimit("acc", 1m, 7, null), RejectionCode.VersionConflict },
        { "overdrawn account", new SetOverdraftLimit("acc", 0m, 7, null), RejectionCode.VersionConflict },
        { "overdrawn account", new SetOverdraftLimit("acc", 19.99m, null, null), RejectionCode.OverdraftLimitExceeded },
        { "overdrawn account", new WithdrawMoney("acc", 30.01m, null, null, null), RejectionCode.InsufficientFunds },
        { "overdrawn account", new CloseAccount("acc", null, null, null), RejectionCode.BalanceNotZero },
        { "missing account", new CreateAccount("acc", "Ada", 0m, "USD", null, -1m), RejectionCode.ValidationFailed },
        { "missing account", new CreateAccount("acc", "Ada", 0m, "JPY", null, 0.5m), RejectionCode.ValidationFailed },
        { "missing account", new CreateAccount("acc", "Ada", 0m, "USD", null, 1_000_000_000_000.01m), RejectionCode.ValidationFailed },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Refusals_carry_their_code(string stateName, IAccountCommand command, RejectionCode expected)
    {
        var state = stateName switch
        {
            "missing account" => AccountState.Initial("acc"),
            "open account" => Open,
            "frozen account" => Open with { Status = AccountStatus.Frozen },
            "closed account" => Open with { Status = AccountStatus.Closed },
            "empty account" => Open with { BalanceMinorUnits = 0 },
            "full account" => Open with { BalanceMinorUnits = Chronicle.Domain.Money.MoneyLimits.MaxBalanceMinorUnits },
            // 20.00 into an overdraft of 50.00.
            "overdrawn account" => Open with { BalanceMinorUnits = -20_00, OverdraftLimitMinorUnits = 50_00 },
            _ => throw new ArgumentOutOfRangeException(nameof(stateName)),
        };
        Assert.Equal(expected, Rejection(state, command));
    }

    [Fact]
    public void An_event_is_never_stamped_before_the_one_it_follows_when_the_clock_steps_back()
    {
        var lastUpdated = Now.AddMinutes(5);
        var state = Open with { LastUpdated = lastUpdated };
        IAccountCommand[] commands =
        [
            new DepositMoney("acc", 1m, null, null, null), new WithdrawMoney("acc", 1m, null, null, null), new FreezeAccount("acc", null, null, null),
        ];
        foreach (var command in commands)
        {
            var recorded = Assert.IsType<Decision.Record>(AccountDecider.Decide(state, command, Now, Guid.NewGuid()));
            Assert.Equal(lastUpdated, recorded.Event.OccurredAt);
        }
    }

    [Fact]
    public void A_clock_ahead_of_the_last_event_stamps_the_event_with_the_clock()
    {
        var later = Now.AddTicks(1);
        var recorded = Assert.IsType<Decision.Record>(AccountDecider.Decide(Open, new DepositMoney("acc", 1m, null, null, null), later, Guid.NewGuid()));
        Assert.Equal(later, recorded.Event.OccurredAt);
    }

    [Fact]
    public void A_version_conflict_reports_the_current_version()
    {
        var rejected = Assert.IsType<CommandRejected>(Decide(Open, new DepositMoney("acc", 1m, null, 5, null)));
        Assert.Equal(1, rejected.CurrentVersion);
    }

    public static TheoryData<IAccountCommand, Type> LifecycleAtTheCurrentVersion => new()
    {
        { new FreezeAccount("acc", "review", 1, null), typeof(AccountFrozen) },
        { new CloseAccount("acc", null, 1, null), typeof(AccountClosed) },
    };

    [Theory]
    [MemberData(nameof(LifecycleAtTheCurrentVersion))]
    public void A_lifecycle_write_at_the_current_version_is_recorded(IAccountCommand command, Type recorded)
    {
        var empty = Open with { BalanceMinorUnits = 0 };
        Assert.IsType(recorded, Decide(empty, command));
    }

    [Fact]
    public void Unfreeze_at_the_current_version_is_recorded_and_any_other_version_reports_the_current_one()
    {
        var frozen = Open.Apply(Assert.IsType<AccountFrozen>(Decide(Open, new FreezeAccount("acc", null, 1, null))));
        Assert.IsType<AccountUnfrozen>(Decide(frozen, new UnfreezeAccount("acc", 2, null)));
        var rejected = Assert.IsType<CommandRejected>(Decide(frozen, new UnfreezeAccount("acc", 1, null)));
        Assert.Equal((RejectionCode.VersionConflict, 2L), (rejected.Code, rejected.CurrentVersion));
    }

    /// <summary>What the account answers a command whose key its memory or the durable record found.</summary>
    private static object Replay(IAccountEvent earlier, long version, IAccountCommand retry) =>
        AccountDecider.Replay(retry, RememberedWrite.Of(earlier, version)!, "USD") switch
        {
            Decision.Answer a => a.Reply,
            var other => throw new InvalidOperationException($"a replay recorded {other}"),
        };

    [Fact]
    public void The_expected_version_is_part_of_a_lifecycle_request_under_a_key()
    {
        var freeze = new FreezeAccount("acc", null, 1, "key");
        var recorded = Assert.IsType<AccountFrozen>(Decide(Open, freeze));

        Assert.True(Assert.IsType<WriteAccepted>(Replay(recorded, 2, freeze)).Replayed);
        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(Replay(recorded, 2, freeze with { ExpectedVersion = null })).Code);
        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(Replay(recorded, 2, freeze with { ExpectedVersion = 2 })).Code);
    }

    [Fact]
    public void A_known_key_replays_for_the_same_request_and_refuses_a_different_one()
    {
        var deposit = new DepositMoney("acc", 5m, null, null, "key");
        var recorded = Assert.IsType<MoneyDeposited>(Decide(Open, deposit));

        var replay = Assert.IsType<WriteAccepted>(Replay(recorded, 2, deposit with { Amount = 5.00m }));
        Assert.True(replay.Replayed);
        Assert.Equal((recorded.EventId, 2L, 105_00L), (replay.EventId, replay.Version, replay.BalanceMinorUnits));

        Assert.Equal(RejectionCode.IdempotencyKeyReused, Assert.IsType<CommandRejected>(Replay(recorded, 2, deposit with { Amount = 6m })).Code);
        Assert.Equal(RejectionCode.IdempotencyKeyReused,
            Assert.IsType<CommandRejected>(Replay(recorded, 2, new WithdrawMoney("acc", 5m, null, null, "key"))).Code);
    }

    [Fact]
    public void A_key_first_used_on_another_account_is_refused_there()
    {
        var deposit = new DepositMoney("acc", 5m, null, null, "key");
        var recorded = Assert.IsType<MoneyDeposited>(Decide(Open, deposit));

        Assert.Equal(RejectionCode.IdempotencyKeyReused,
            Assert.IsType<CommandRejected>(Replay(recorded, 2, deposit with { AccountId = "other" })).Code);
    }
}
