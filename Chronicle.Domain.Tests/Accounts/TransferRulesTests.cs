using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>The source's side of transfers and holds: what is recorded, what is refused, and the fold's pairs.</summary>
public sealed class TransferRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AccountState Source = AccountState.Initial("src")
        .Apply(new AccountCreated("src", Guid.NewGuid(), Now, "Ada", "USD", 100_00, null));

    private static SendTransfer Send(string id, decimal amount, bool hold = false, int? timeoutSeconds = null) =>
        new("src", id, "dst", amount, null, hold, timeoutSeconds, TransferStart.KeyOf(id));

    private static IAccountEvent Recorded(AccountState state, IAccountCommand command) =>
        Assert.IsType<Decision.Record>(AccountDecider.Decide(state, command, Now, Guid.NewGuid())).Event;

    private static RejectionCode Refused(AccountState state, IAccountCommand command) =>
        Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Decide(state, command, Now, Guid.NewGuid())).Reply).Code;

    [Fact]
    public void A_plain_transfer_leaves_the_balance_at_once_and_is_in_flight_until_settled()
    {
        var sent = Source.Apply(Recorded(Source, Send("t1", 30m)));
        Assert.Equal((70_00L, 70_00L, OutgoingKind.InFlight), (sent.BalanceMinorUnits, sent.AvailableMinorUnits, sent.Outgoing["t1"].Kind));

        var settled = sent.Apply(CreditAnswered(sent, "t1", Accepted())!);
        Assert.Equal((70_00L, 0), (settled.BalanceMinorUnits, settled.Outgoing.Count));
    }

    [Fact]
    public void A_refused_credit_returns_exactly_the_amount_sent()
    {
        var sent = Source.Apply(Recorded(Source, Send("t1", 30m)));
        var returned = Assert.IsType<TransferReturned>(CreditAnswered(sent, "t1",
            new CommandRejected(RejectionCode.AccountFrozen, "frozen")));

        Assert.Equal(("account_frozen", 30_00L, 100_00L), (returned.Reason, returned.AmountMinorUnits, returned.BalanceAfterMinorUnits));
        Assert.Empty(sent.Apply(returned).Outgoing);
    }

    [Fact]
    public void An_unanswered_credit_records_nothing_and_so_does_an_answer_for_a_transfer_no_longer_in_flight()
    {
        var sent = Source.Apply(Recorded(Source, Send("t1", 30m)));
        Assert.Null(CreditAnswered(sent, "t1", new CommandRejected(RejectionCode.Unavailable, "timeout")));
        var settled = sent.Apply(CreditAnswered(sent, "t1", Accepted())!);
        Assert.Null(CreditAnswered(settled, "t1", Accepted()));
    }

    [Fact]
    public void A_hold_takes_from_the_available_balance_only_and_what_is_held_cannot_leave_twice()
    {
        var held = Source.Apply(Recorded(Source, Send("h1", 80m, hold: true, timeoutSeconds: 60)));

        Assert.Equal((100_00L, 20_00L, 80_00L), (held.BalanceMinorUnits, held.AvailableMinorUnits, held.HeldMinorUnits));
        Assert.Equal(RejectionCode.InsufficientFunds, Refused(held, new WithdrawMoney("src", 30m, null, null, null)));
        Assert.Equal(RejectionCode.InsufficientFunds, Refused(held, Send("t2", 30m)));
        Assert.IsType<MoneyWithdrawn>(Recorded(held, new WithdrawMoney("src", 20m, null, null, null)));
    }

    [Fact]
    public void Posting_part_of_a_hold_moves_that_part_and_releases_the_rest()
    {
        var held = Source.Apply(Recorded(Source, Send("h1", 80m, hold: true)));
        var posted = held.Apply(Recorded(held, new PostTransfer("src", "h1", 50m, null)));

        Assert.Equal((50_00L, 50_00L, 0L), (posted.BalanceMinorUnits, posted.AvailableMinorUnits, posted.HeldMinorUnits));
        Assert.Equal((OutgoingKind.InFlight, 50_00L), (posted.Outgoing["h1"].Kind, posted.Outgoing["h1"].AmountMinorUnits));
        Assert.Equal(RejectionCode.TransferNotHeld, Refused(posted, new PostTransfer("src", "h1", null, null)));
    }

    [Fact]
    public void A_post_above_the_hold_a_void_of_nothing_and_a_post_after_expiry_are_refused()
    {
        var held = Source.Apply(Recorded(Source, Send("h1", 80m, hold: true, timeoutSeconds: 60)));

        Assert.Equal(RejectionCode.AmountExceedsHold, Refused(held, new PostTransfer("src", "h1", 80.01m, null)));
        Assert.Equal(RejectionCode.TransferNotHeld, Refused(held, new VoidTransfer("src", "nope", null)));
        var late = AccountDecider.Decide(held, new PostTransfer("src", "h1", null, null), Now.AddSeconds(61), Guid.NewGuid());
        Assert.Equal(RejectionCode.TransferNotHeld, Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(late).Reply).Code);
    }

    [Fact]
    public void Voiding_or_expiring_a_hold_makes_the_amount_available_again()
    {
        var held = Source.Apply(Recorded(Source, Send("h1", 80m, hold: true, timeoutSeconds: 60)));
        var voided = held.Apply(Recorded(held, new VoidTransfer("src", "h1", null)));
        // Available at once; the transfer stays only until its target confirms it no longer holds it pending.
        Assert.Equal((100_00L, 0L, OutgoingKind.Releasing), (voided.AvailableMinorUnits, voided.HeldMinorUnits, voided.Outgoing["h1"].Kind));

        Assert.Empty(TransferRules.Expire(held, Now.AddSeconds(59), Guid.NewGuid));
        var expired = Assert.Single(TransferRules.Expire(held, Now.AddSeconds(60), Guid.NewGuid));
        Assert.Equal(HoldReleased.Expired, Assert.IsType<HoldReleased>(expired).Reason);
        Assert.Equal(100_00L, held.Apply(expired).AvailableMinorUnits);
        Assert.Equal(Now.AddSeconds(60), TransferRules.NextExpiry(held));
    }

    [Fact]
    public void An_account_with_a_hold_or_a_transfer_in_flight_cannot_close()
    {
        var empty = AccountState.Initial("src").Apply(new AccountCreated("src", Guid.NewGuid(), Now, "Ada", "USD", 10_00, null));
        var held = empty.Apply(Recorded(empty, Send("h1", 10m, hold: true)));
        Assert.Equal(RejectionCode.AccountHasPendingTransfers, Refused(held, new CloseAccount("src", null, null, null)));

        var sent = empty.Apply(Recorded(empty, Send("t1", 10m)));
        Assert.Equal(0, sent.BalanceMinorUnits);
        Assert.Equal(RejectionCode.AccountHasPendingTransfers, Refused(sent, new CloseAccount("src", null, null, null)));
        Assert.Throws<InvariantViolatedException>(() => sent.Apply(new AccountClosed("src", Guid.NewGuid(), Now, null, null)));
    }

    [Theory]
    [InlineData("0.001", false, null)]
    [InlineData("10", false, 60)]
    [InlineData("10", true, 0)]
    [InlineData("10", true, 2_592_001)]
    public void Bad_input_is_refused_before_anything_is_recorded(string amount, bool hold, int? timeoutSeconds) =>
        Assert.Equal(RejectionCode.ValidationFailed, Refused(Source, Send("t1", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), hold, timeoutSeconds)));

    [Fact]
    public void A_transfer_to_itself_and_a_second_transfer_under_an_open_id_are_refused()
    {
        Assert.Equal(RejectionCode.SameAccount, Refused(Source, Send("t1", 1m) with { ToAccountId = "src" }));
        var sent = Source.Apply(Recorded(Source, Send("t1", 1m)));
        Assert.Equal(RejectionCode.IdempotencyKeyReused, Refused(sent, Send("t1", 2m)));
    }

    [Fact]
    public void The_fold_refuses_an_end_without_an_open_transfer_and_a_return_of_another_amount()
    {
        Assert.Throws<InvariantViolatedException>(() => Source.Apply(new TransferSettled("src", Guid.NewGuid(), Now, "t1", Guid.NewGuid())));
        var sent = Source.Apply(Recorded(Source, Send("t1", 30m)));
        Assert.Throws<InvariantViolatedException>(() => sent.Apply(new TransferReturned("src", Guid.NewGuid(), Now, "t1", 29_00, 99_00, "x", "y")));
    }

    [Fact]
    public void The_credit_carries_the_amount_in_flight_in_the_source_currency()
    {
        var sent = Source.Apply(Recorded(Source, Send("t1", 30m)));
        Assert.Equal(new CreditForTransfer("dst", "t1", 30.00m, "USD", "src", null, IsResend: true), TargetSteps.Credit(sent, sent.Outgoing["t1"], isResend: true));
    }

    private static IAccountEvent? CreditAnswered(AccountState source, string transferId, object answer) =>
        TargetSteps.Answered(source, new CreditForTransfer("dst", transferId, 30m, "USD", "src", null, IsResend: false), answer, Now, Guid.NewGuid());

    private static WriteAccepted Accepted() => new("dst", Guid.NewGuid(), 2, 30_00, "USD", Replayed: false);
}
