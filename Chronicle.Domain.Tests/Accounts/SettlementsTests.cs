using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>A settlement written alone or carried by the source's next transfer: the fold ends the transfer alike, once.</summary>
public sealed class SettlementsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AccountState Source = AccountState.Initial("src")
        .Apply(new AccountCreated("src", Guid.NewGuid(), Now, "Ada", "USD", 100_00, null));

    private static TransferSent Sent(AccountState state, string id, long amountMinorUnits) =>
        new("src", Guid.NewGuid(), Now, id, "dst", amountMinorUnits, state.BalanceMinorUnits - amountMinorUnits, null, null);

    private static TransferSettled Settled(string id) => new("src", Guid.NewGuid(), Now, id, Guid.NewGuid());

    [Fact]
    public void A_settlement_carried_by_the_next_transfer_ends_its_transfer_as_one_written_alone_would()
    {
        var first = Source.Apply(Sent(Source, "t1", 30_00));
        var alone = first.Apply(Settled("t1"));
        var carried = first.Apply(Settlements.Carrying(Sent(first, "t2", 20_00), [Settled("t1")]));

        Assert.Equal(alone.Outgoing.Keys, carried.Outgoing.Keys.Where(id => id != "t2"));
        Assert.Equal(["t2"], carried.Outgoing.Keys);
        Assert.Equal((50_00L, 3L), (carried.BalanceMinorUnits, carried.Version));
    }

    [Fact]
    public void Readers_learn_the_settled_transfers_from_either_form()
    {
        var settled = Settled("t1");
        var carrier = Settlements.Carrying(Sent(Source, "t2", 20_00), [settled]);

        Assert.Equal([new SettledTransfer("t1", settled.CreditEventId)], Settlements.Of(settled));
        Assert.Equal([new SettledTransfer("t1", settled.CreditEventId)], Settlements.Of(carrier));
        Assert.Empty(Settlements.Of(Sent(Source, "t3", 1)));
    }

    [Fact]
    public void A_transfer_settles_another_once_and_never_itself()
    {
        var first = Source.Apply(Sent(Source, "t1", 30_00));
        Assert.Throws<InvariantViolatedException>(() => Settlements.Carrying(Sent(first, "t2", 1), [Settled("t2")]));
        var settledAlready = first.Apply(Settled("t1"));
        Assert.Throws<InvariantViolatedException>(() => settledAlready.Apply(Settlements.Carrying(Sent(settledAlready, "t2", 1), [Settled("t1")])));
    }

    [Fact]
    public void A_settlement_written_late_is_stamped_no_earlier_than_the_account_s_last_event()
    {
        var later = Source.Apply(new MoneyDeposited("src", Guid.NewGuid(), Now.AddSeconds(5), 1_00, 101_00, null, null));
        Assert.Equal(Now.AddSeconds(5), Settlements.WrittenAlone(Settled("t1"), later, Now.AddSeconds(1)).OccurredAt);
        Assert.Equal(Now.AddSeconds(9), Settlements.WrittenAlone(Settled("t1"), later, Now.AddSeconds(9)).OccurredAt);
    }
}
