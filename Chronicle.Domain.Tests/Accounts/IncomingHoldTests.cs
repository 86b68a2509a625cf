using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Tests.Accounts;

/// <summary>
/// A hold known to its target: the source's note makes the target hold it as pending, which keeps the target from
/// closing until the credit of the posted amount or the source's release ends it; a target that cannot take it refuses
/// the note and the hold fails. What the source sends next, and what each answer records.
/// </summary>
public sealed class IncomingHoldTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly AccountState Source = Created("src", 100_00);
    private static readonly AccountState Target = Created("dst", 0);

    [Fact]
    public void A_hold_is_sent_to_its_target_as_a_note_which_it_holds_pending_once()
    {
        var (held, note) = Hold(Source, "h1", 40m);
        Assert.False(note.IsResend);
        Assert.Equal(("dst", "h1", 40.00m, "src"), (note.AccountId, note.TransferId, note.Amount, note.FromAccountId));

        var opened = Assert.IsType<IncomingHoldOpened>(Recorded(Target, note));
        var pending = Target.Apply(opened);
        Assert.Equal((0L, 40_00L, 1), (pending.BalanceMinorUnits, pending.PendingIncomingMinorUnits, pending.Incoming.Count));

        // The same note again (a resend, or one late from an earlier incarnation of the source): the state answers it.
        var again = Assert.IsType<WriteAccepted>(Assert.IsType<Decision.Answer>(IncomingHoldRules.FromState(pending, note with { IsResend = true })).Reply);
        Assert.Equal((opened.EventId, true), (again.EventId, again.Replayed));
        Assert.IsType<Decision.Answer>(AccountDecider.Decide(pending, note, Now, Guid.NewGuid()));
        Assert.Null(TargetSteps.Answered(held, note, again, Now, Guid.NewGuid()));
        Assert.Throws<InvariantViolatedException>(() => pending.Apply(opened with { EventId = Guid.NewGuid() }));
    }

    [Fact]
    public void A_target_with_a_hold_pending_cannot_close_until_the_release_ends_it()
    {
        var (held, note) = Hold(Source, "h1", 40m);
        var pending = Target.Apply(Recorded(Target, note));
        Assert.Equal(RejectionCode.AccountHasPendingTransfers, Refused(pending, new CloseAccount("dst", null, null, null)));
        Assert.Throws<InvariantViolatedException>(() => pending.Apply(new AccountClosed("dst", Guid.NewGuid(), Now, null, null)));

        var voided = held.Apply(Recorded(held, new VoidTransfer("src", "h1", null)));
        Assert.Equal((100_00L, OutgoingKind.Releasing), (voided.AvailableMinorUnits, voided.Outgoing["h1"].Kind));
        var release = Assert.IsType<ReleaseIncomingHold>(TargetSteps.Next(voided, voided.Outgoing["h1"], noteAnswered: true, first: false));
        Assert.Equal(RejectionCode.AccountHasPendingTransfers, Refused(voided, new CloseAccount("src", null, null, null)));

        var released = Assert.IsType<IncomingHoldReleased>(Recorded(pending, release));
        var free = pending.Apply(released);
        Assert.Equal((0, 0L), (free.Incoming.Count, free.PendingIncomingMinorUnits));
        Assert.IsType<AccountClosed>(Recorded(free, new CloseAccount("dst", null, null, null)));

        var confirmed = Assert.IsType<HoldReleaseConfirmed>(TargetSteps.Answered(voided, release,
            new WriteAccepted("dst", released.EventId, free.Version, 0, "USD", Replayed: false), Now, Guid.NewGuid()));
        Assert.Equal(released.EventId, confirmed.TargetEventId);
        Assert.Empty(voided.Apply(confirmed).Outgoing);
    }

    [Fact]
    public void A_release_of_nothing_pending_writes_nothing_and_still_ends_the_transfer_at_its_source()
    {
        var (held, _) = Hold(Source, "h1", 40m);
        var voided = held.Apply(Recorded(held, new VoidTransfer("src", "h1", null)));
        var release = new ReleaseIncomingHold("dst", "h1", "src");

        var refused = Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Decide(Target, release, Now, Guid.NewGuid())).Reply);
        Assert.Equal(RejectionCode.TransferNotHeld, refused.Code);
        Assert.Null(Assert.IsType<HoldReleaseConfirmed>(TargetSteps.Answered(voided, release, refused, Now, Guid.NewGuid())).TargetEventId);
        Assert.Throws<InvariantViolatedException>(() => Target.Apply(new IncomingHoldReleased("dst", Guid.NewGuid(), Now, "h1")));
    }

    [Fact]
    public void The_credit_of_a_posted_hold_ends_its_pending_entry_and_a_plain_credit_touches_none()
    {
        var (held, note) = Hold(Source, "h1", 40m);
        var pending = Target.Apply(Recorded(Target, note));
        var posted = held.Apply(Recorded(held, new PostTransfer("src", "h1", 25m, null)));
        var credit = Assert.IsType<CreditForTransfer>(TargetSteps.Next(posted, posted.Outgoing["h1"], noteAnswered: true, first: true));

        var credited = pending.Apply(Recorded(pending, credit));
        Assert.Equal((25_00L, 0, 0L), (credited.BalanceMinorUnits, credited.Incoming.Count, credited.PendingIncomingMinorUnits));
        Assert.IsType<AccountClosed>(Recorded(credited.Apply(new MoneyWithdrawn("dst", Guid.NewGuid(), Now, 25_00, 0, null, null)),
            new CloseAccount("dst", null, null, null)));

        var plain = Target.Apply(new TransferCredited("dst", Guid.NewGuid(), Now, "t9", "src", 1_00, 1_00, null, null));
        Assert.Empty(plain.Incoming);
    }

    [Theory]
    [InlineData("closed", RejectionCode.AccountClosed)]
    [InlineData("missing", RejectionCode.AccountNotFound)]
    [InlineData("jpy", RejectionCode.CurrencyMismatch)]
    public void A_target_that_can_never_be_credited_refuses_the_note_and_the_hold_fails_with_its_reason(string target, RejectionCode code)
    {
        var state = target switch
        {
            "closed" => Target.Apply(new AccountClosed("dst", Guid.NewGuid(), Now, null, null)),
            "missing" => AccountState.Initial("dst"),
            _ => AccountState.Initial("dst").Apply(new AccountCreated("dst", Guid.NewGuid(), Now, "Jo", "JPY", 0, null)),
        };
        var (held, note) = Hold(Source, "h1", 40m);

        var refused = Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Decide(state, note, Now, Guid.NewGuid())).Reply);
        Assert.Equal(code, refused.Code);
        var failed = Assert.IsType<HoldRefused>(TargetSteps.Answered(held, note, refused, Now, Guid.NewGuid()));
        Assert.Equal(RejectionCodes.ToSnakeCase(code), failed.Reason);
        var after = held.Apply(failed);
        Assert.Equal((100_00L, 0, 0L), (after.AvailableMinorUnits, after.Outgoing.Count, after.HeldMinorUnits));
    }

    [Fact]
    public void A_frozen_target_holds_the_note_and_a_refused_credit_of_the_posted_hold_owes_it_a_release()
    {
        var frozen = Target.Apply(new AccountFrozen("dst", Guid.NewGuid(), Now, null, null));
        var (held, note) = Hold(Source, "h1", 40m);
        var pending = frozen.Apply(Recorded(frozen, note));
        var posted = held.Apply(Recorded(held, new PostTransfer("src", "h1", null, null)));
        var credit = TargetSteps.Credit(posted, posted.Outgoing["h1"], isResend: false);
        var refused = Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Decide(pending, credit, Now, Guid.NewGuid())).Reply);

        var returned = posted.Apply(TargetSteps.Answered(posted, credit, refused, Now, Guid.NewGuid())!);
        Assert.Equal((100_00L, OutgoingKind.Releasing), (returned.BalanceMinorUnits, returned.Outgoing["h1"].Kind));
        Assert.IsType<ReleaseIncomingHold>(TargetSteps.Next(returned, returned.Outgoing["h1"], noteAnswered: true, first: false));
    }

    [Fact]
    public void The_credit_or_the_release_of_a_hold_waits_until_the_target_answered_its_note_in_this_incarnation()
    {
        var (held, _) = Hold(Source, "h1", 40m);
        var hold = held.Outgoing["h1"];
        Assert.True(Assert.IsType<OpenIncomingHold>(TargetSteps.Next(held, hold, noteAnswered: false, first: false)).IsResend);
        Assert.Null(TargetSteps.Next(held, hold, noteAnswered: true, first: false));

        var posted = held.Apply(Recorded(held, new PostTransfer("src", "h1", null, null)));
        Assert.IsType<OpenIncomingHold>(TargetSteps.Next(posted, posted.Outgoing["h1"], noteAnswered: false, first: true));
        Assert.False(Assert.IsType<CreditForTransfer>(TargetSteps.Next(posted, posted.Outgoing["h1"], noteAnswered: true, first: true)).IsResend);

        var voided = held.Apply(Recorded(held, new VoidTransfer("src", "h1", null)));
        Assert.IsType<OpenIncomingHold>(TargetSteps.Next(voided, voided.Outgoing["h1"], noteAnswered: false, first: false));
        // A note refused after the hold was posted or voided records nothing: the credit or the release says the rest.
        var closed = new CommandRejected(RejectionCode.AccountClosed, "closed");
        Assert.Null(TargetSteps.Answered(posted, new OpenIncomingHold("dst", "h1", 40m, "USD", "src", true), closed, Now, Guid.NewGuid()));
        Assert.Null(TargetSteps.Answered(voided, new OpenIncomingHold("dst", "h1", 40m, "USD", "src", true), closed, Now, Guid.NewGuid()));
    }

    [Fact]
    public void A_hold_from_a_journal_written_before_targets_were_told_ends_at_its_source_alone()
    {
        var old = Source.Apply(new TransferHeld("src", Guid.NewGuid(), Now, "h0", "dst", 10_00, null, null, null));
        Assert.Null(TargetSteps.Next(old, old.Outgoing["h0"], noteAnswered: false, first: false));
        Assert.Empty(old.Apply(Recorded(old, new VoidTransfer("src", "h0", null))).Outgoing);
    }

    [Fact]
    public void A_target_holds_at_most_its_limit_of_pending_holds()
    {
        var full = Target;
        for (var i = 0; i < AccountLimits.MaxIncomingHolds; i++)
            full = full.Apply(new IncomingHoldOpened("dst", Guid.NewGuid(), Now, $"h{i}", "src", 1, null));

        Assert.Equal(RejectionCode.TooManyOpenTransfers, Refused(full, new OpenIncomingHold("dst", "one-more", 1m, "USD", "src", false)));
    }

    private static AccountState Created(string id, long balance) =>
        AccountState.Initial(id).Apply(new AccountCreated(id, Guid.NewGuid(), Now, "Owner", "USD", balance, null));

    /// <summary>The source with a hold recorded, and the first note it sends its target.</summary>
    private static (AccountState Held, OpenIncomingHold Note) Hold(AccountState source, string transferId, decimal amount)
    {
        var held = source.Apply(Recorded(source, new SendTransfer("src", transferId, "dst", amount, null, true, null, TransferStart.KeyOf(transferId))));
        return (held, Assert.IsType<OpenIncomingHold>(TargetSteps.Next(held, held.Outgoing[transferId], noteAnswered: false, first: true)));
    }

    private static IAccountEvent Recorded(AccountState state, IAccountCommand command) =>
        Assert.IsType<Decision.Record>(AccountDecider.Decide(state, command, Now, Guid.NewGuid())).Event;

    private static RejectionCode Refused(AccountState state, IAccountCommand command) =>
        Assert.IsType<CommandRejected>(Assert.IsType<Decision.Answer>(AccountDecider.Decide(state, command, Now, Guid.NewGuid())).Reply).Code;
}
