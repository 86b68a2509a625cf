using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>The pure fold: what each event means, and the invariants it asserts.</summary>
public sealed class AccountFoldTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AccountCreated Created(long initialMinorUnits = 100_00) =>
        new("acc", Guid.NewGuid(), T0, "Ada", "USD", initialMinorUnits, null);

    [Fact]
    public void Folding_a_history_gives_balance_version_and_times()
    {
        var state = AccountState.Initial("acc").ApplyAll([
            Created(),
            new MoneyDeposited("acc", Guid.NewGuid(), T0.AddMinutes(1), 50_00, 150_00, "salary", null),
            new MoneyWithdrawn("acc", Guid.NewGuid(), T0.AddMinutes(2), 30_00, 120_00, null, null),
        ]);

        Assert.Equal(AccountStatus.Active, state.Status);
        Assert.Equal(120_00, state.BalanceMinorUnits);
        Assert.Equal(3, state.Version);
        Assert.Equal(T0, state.CreatedAt);
        Assert.Equal(T0.AddMinutes(2), state.LastUpdated);
    }

    [Fact]
    public void An_event_whose_recorded_balance_disagrees_with_the_fold_is_refused()
    {
        var created = AccountState.Initial("acc").Apply(Created());
        Assert.Throws<InvariantViolatedException>(() =>
            created.Apply(new MoneyDeposited("acc", Guid.NewGuid(), T0, 1_00, 999_00, null, null)));
    }

    [Fact]
    public void A_history_that_goes_below_zero_is_refused()
    {
        var created = AccountState.Initial("acc").Apply(Created(10_00));
        Assert.Throws<InvariantViolatedException>(() =>
            created.Apply(new MoneyWithdrawn("acc", Guid.NewGuid(), T0, 20_00, -10_00, null, null)));
    }

    [Fact]
    public void Money_cannot_move_before_the_account_exists_nor_can_it_be_created_twice()
    {
        Assert.Throws<InvariantViolatedException>(() =>
            AccountState.Initial("acc").Apply(new MoneyDeposited("acc", Guid.NewGuid(), T0, 1, 1, null, null)));
        Assert.Throws<InvariantViolatedException>(() => AccountState.Initial("acc").Apply(Created()).Apply(Created()));
    }

    [Fact]
    public void Freeze_unfreeze_and_close_move_the_status_and_the_version()
    {
        var state = AccountState.Initial("acc").ApplyAll([
            Created(0),
            new AccountFrozen("acc", Guid.NewGuid(), T0, "review", null),
            new AccountUnfrozen("acc", Guid.NewGuid(), T0, null),
            new AccountClosed("acc", Guid.NewGuid(), T0, null, null),
        ]);
        Assert.Equal((AccountStatus.Closed, 4L), (state.Status, state.Version));
    }

    [Fact]
    public void Closing_with_money_on_the_account_is_refused_by_the_fold()
    {
        var created = AccountState.Initial("acc").Apply(Created(1));
        Assert.Throws<InvariantViolatedException>(() => created.Apply(new AccountClosed("acc", Guid.NewGuid(), T0, null, null)));
    }
}
