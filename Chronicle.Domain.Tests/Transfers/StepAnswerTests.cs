using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;

namespace Chronicle.Domain.Tests.Transfers;

/// <summary>How an account actor's reply to a step reaches the decider.</summary>
public sealed class StepAnswerTests
{
    [Fact]
    public void A_write_is_accepted_with_its_event_and_currency_replayed_or_not()
    {
        var eventId = Guid.NewGuid();
        Assert.Equal(new StepAnswer.Accepted(eventId, "JPY"), StepAnswer.Of(new WriteAccepted("a", eventId, 3, 100, "JPY", Replayed: false)));
        Assert.Equal(new StepAnswer.Accepted(eventId, "JPY"), StepAnswer.Of(new WriteAccepted("a", eventId, 3, 100, "JPY", Replayed: true)));
    }

    [Fact]
    public void An_unconfirmed_write_is_unavailable_and_any_other_refusal_is_rejected()
    {
        Assert.Equal(new StepAnswer.Unavailable("no ack"), StepAnswer.Of(new CommandRejected(RejectionCode.Unavailable, "no ack")));
        Assert.Equal(new StepAnswer.Rejected(RejectionCode.AccountNotFound, "missing"),
            StepAnswer.Of(new CommandRejected(RejectionCode.AccountNotFound, "missing")));
    }

    [Fact]
    public void Any_other_reply_is_a_bug() => Assert.Throws<InvalidOperationException>(() => StepAnswer.Of("hello"));
}
