using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using static Chronicle.Domain.Tests.Transfers.TransferHistory;

namespace Chronicle.Domain.Tests.Transfers;

/// <summary>The saga's decisions: the whole table of answers, then what each recorded event holds.</summary>
public sealed class TransferDeciderTests
{
    private static readonly DateTimeOffset Now = T0.AddMinutes(1);

    private static readonly Dictionary<string, StepAnswer> Answers = new()
    {
        ["accepted"] = new StepAnswer.Accepted(Guid.Parse("00000000-0000-0000-0000-0000000000a1"), "USD"),
        ["rejected"] = new StepAnswer.Rejected(RejectionCode.AccountFrozen, "account is frozen"),
        ["unavailable"] = new StepAnswer.Unavailable("timed out"),
    };

    /// <summary>The answers that mean something: to the step that is due. Any other answer is a bug in the saga.</summary>
    private static readonly Dictionary<(string State, TransferStep Step, string Answer), string> Meaningful = new()
    {
        [(nameof(Pending), TransferStep.Debit, "accepted")] = "record TransferSourceDebited, NextStepNow",
        [(nameof(Pending), TransferStep.Debit, "rejected")] = "record TransferFailed, WaitForWrite",
        [(nameof(Pending), TransferStep.Debit, "unavailable")] = "retry",
        [(nameof(Debited), TransferStep.Credit, "accepted")] = "record TransferCompleted, AnswerNow",
        [(nameof(Debited), TransferStep.Credit, "rejected")] = "record TransferRefundStarted, WaitForWrite",
        [(nameof(Debited), TransferStep.Credit, "unavailable")] = "retry",
        [(nameof(Refunding), TransferStep.Refund, "accepted")] = "record TransferFailed, WaitForWrite",
        [(nameof(Refunding), TransferStep.Refund, "rejected")] = "retry, refund refused",
        [(nameof(Refunding), TransferStep.Refund, "unavailable")] = "retry",
    };

    public static TheoryData<string, TransferStep, string, string> EveryStatusStepAndAnswer()
    {
        var rows = new TheoryData<string, TransferStep, string, string>();
        foreach (var state in Names)
        foreach (var step in new[] { TransferStep.Debit, TransferStep.Credit, TransferStep.Refund })
        foreach (var answer in Answers.Keys)
            rows.Add(state, step, answer, Meaningful.GetValueOrDefault((state, step, answer), "invariant violated"));
        return rows;
    }

    [Theory]
    [MemberData(nameof(EveryStatusStepAndAnswer))]
    public void Every_status_step_and_answer_has_its_decision(string state, TransferStep step, string answer, string expected)
    {
        string outcome;
        try
        {
            outcome = TransferDecider.Answered(Named(state), step, Answers[answer], Now) switch
            {
                TransferDecision.Record record => $"record {record.Event.GetType().Name}, {record.Then}",
                TransferDecision.Retry { RefundRefused: true } => "retry, refund refused",
                TransferDecision.Retry => "retry",
                var other => other.GetType().Name,
            };
        }
        catch (InvariantViolatedException)
        {
            outcome = "invariant violated";
        }

        Assert.Equal(expected, outcome);
    }

    [Fact]
    public void A_new_request_is_recorded_whole_and_waited_for()
    {
        var record = Assert.IsType<TransferDecision.Record>(TransferDecider.Start(New, Request, Now));
        Assert.Equal(AfterRecord.WaitForWrite, record.Then);
        Assert.Equal(new TransferInitiated(Id, Now, "src", "dst", 10m, "rent", Request.Fingerprint()), record.Event);
    }

    [Theory]
    [InlineData(nameof(Pending))]
    [InlineData(nameof(Debited))]
    [InlineData(nameof(Refunding))]
    [InlineData(nameof(Completed))]
    [InlineData(nameof(FailedAtDebit))]
    [InlineData(nameof(Refunded))]
    public void The_same_request_again_joins_the_transfer_wherever_it_is(string state) =>
        Assert.IsType<TransferDecision.Join>(TransferDecider.Start(Named(state), Request, Now));

    [Fact]
    public void The_same_amount_with_other_trailing_zeros_is_the_same_request() =>
        Assert.IsType<TransferDecision.Join>(TransferDecider.Start(Pending, Request with { Amount = 10.00m }, Now));

    public static TheoryData<string, StartTransfer> DifferentRequests => new()
    {
        { nameof(Pending), Request with { FromAccountId = "other" } },
        { nameof(Pending), Request with { ToAccountId = "other" } },
        { nameof(Debited), Request with { Amount = 10.01m } },
        { nameof(Completed), Request with { Description = null } },
        { nameof(Refunded), Request with { Description = "rent!" } },
    };

    [Theory]
    [MemberData(nameof(DifferentRequests))]
    public void A_different_request_under_a_taken_id_is_refused(string state, StartTransfer different)
    {
        var refused = Assert.IsType<TransferDecision.Refuse>(TransferDecider.Start(Named(state), different, Now));
        Assert.Equal(new CommandRejected(RejectionCode.IdempotencyKeyReused, "transfer 't1' exists with a different request"), refused.Rejection);
    }

    [Fact]
    public void A_request_for_another_transfer_violates_an_invariant() =>
        Assert.Throws<InvariantViolatedException>(() => TransferDecider.Start(New, Request with { TransferId = "t2" }, Now));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_due_step_has_its_account_command(bool isResend)
    {
        Assert.Equal(new DebitForTransfer("src", Id, 10m, "dst", "rent", isResend), TransferDecider.StepCommand(Pending, isResend));
        Assert.Equal(new CreditForTransfer("dst", Id, 10m, "USD", "src", "rent", isResend), TransferDecider.StepCommand(Debited, isResend));
        Assert.Equal(new RefundTransfer("src", Id, 10m, "account_frozen", isResend), TransferDecider.StepCommand(Refunding, isResend));
    }

    [Theory]
    [InlineData(nameof(New))]
    [InlineData(nameof(Completed))]
    [InlineData(nameof(FailedAtDebit))]
    [InlineData(nameof(Refunded))]
    public void A_transfer_with_no_step_due_has_no_command(string state) =>
        Assert.Throws<InvalidOperationException>(() => TransferDecider.StepCommand(Named(state), isResend: false));

    [Theory]
    [InlineData("USD", 10_00)]
    [InlineData("JPY", 10)]
    [InlineData("BHD", 10_000)]
    public void The_debit_fixes_the_currency_and_the_amount_in_its_minor_units(string currency, long minorUnits)
    {
        var record = Assert.IsType<TransferDecision.Record>(
            TransferDecider.Answered(Pending, TransferStep.Debit, new StepAnswer.Accepted(DebitId, currency), Now));
        Assert.Equal(new TransferSourceDebited(Id, Now, currency, minorUnits, DebitId), record.Event);
    }

    [Fact]
    public void A_debited_amount_its_currency_cannot_hold_violates_an_invariant()
    {
        var pending = TransferState.Initial(Id).Apply(new TransferInitiated(Id, T0, "src", "dst", 10.5m, null, "fp"));
        Assert.Throws<InvariantViolatedException>(() =>
            TransferDecider.Answered(pending, TransferStep.Debit, new StepAnswer.Accepted(DebitId, "JPY"), Now));
    }

    public static TheoryData<RejectionCode, string> Refusals()
    {
        var rows = new TheoryData<RejectionCode, string>();
        foreach (var code in Enum.GetValues<RejectionCode>().Where(code => code != RejectionCode.Unavailable))
            rows.Add(code, RejectionCodes.ToSnakeCase(code));
        return rows;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_refused_debit_fails_the_transfer_with_the_code_and_no_refund(RejectionCode code, string reason)
    {
        var record = Assert.IsType<TransferDecision.Record>(
            TransferDecider.Answered(Pending, TransferStep.Debit, new StepAnswer.Rejected(code, "why"), Now));
        Assert.Equal(new TransferFailed(Id, Now, reason, "why", RefundEventId: null), record.Event);
    }

    [Fact]
    public void An_accepted_credit_completes_the_transfer_with_the_credit_event()
    {
        var record = Assert.IsType<TransferDecision.Record>(
            TransferDecider.Answered(Debited, TransferStep.Credit, new StepAnswer.Accepted(CreditId, "USD"), Now));
        Assert.Equal(new TransferCompleted(Id, Now, CreditId), record.Event);
    }

    [Fact]
    public void A_refused_credit_starts_the_refund_with_the_targets_code_and_detail()
    {
        var record = Assert.IsType<TransferDecision.Record>(TransferDecider.Answered(Debited, TransferStep.Credit,
            new StepAnswer.Rejected(RejectionCode.CurrencyMismatch, "account 'dst' holds EUR"), Now));
        Assert.Equal(new TransferRefundStarted(Id, Now, "currency_mismatch", "account 'dst' holds EUR"), record.Event);
    }

    [Fact]
    public void An_accepted_refund_fails_the_transfer_with_the_credits_refusal_and_the_refund_event()
    {
        var record = Assert.IsType<TransferDecision.Record>(
            TransferDecider.Answered(Refunding, TransferStep.Refund, new StepAnswer.Accepted(RefundId, "USD"), Now));
        Assert.Equal(new TransferFailed(Id, Now, "account_frozen", "account 'dst' is frozen; the amount was refunded to 'src'", RefundId),
            record.Event);
    }

    [Fact]
    public void A_refused_refund_is_retried_and_flagged_and_an_unavailable_account_is_retried_with_its_detail()
    {
        Assert.Equal(new TransferDecision.Retry("closed", RefundRefused: true), TransferDecider.Answered(Refunding, TransferStep.Refund,
            new StepAnswer.Rejected(RejectionCode.AccountClosed, "closed"), Now));
        Assert.Equal(new TransferDecision.Retry("timed out", RefundRefused: false), TransferDecider.Answered(Debited, TransferStep.Credit,
            new StepAnswer.Unavailable("timed out"), Now));
    }

    /// <summary>Pairs with the account's currency check: money moves in the currency the debit fixed, or not at all.</summary>
    [Theory]
    [InlineData(nameof(Debited), TransferStep.Credit)]
    [InlineData(nameof(Refunding), TransferStep.Refund)]
    public void A_step_accepted_in_another_currency_violates_an_invariant(string state, TransferStep step) =>
        Assert.Throws<InvariantViolatedException>(() =>
            TransferDecider.Answered(Named(state), step, new StepAnswer.Accepted(CreditId, "EUR"), Now));
}
