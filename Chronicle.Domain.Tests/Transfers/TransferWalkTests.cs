using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;
using static Chronicle.Domain.Tests.Transfers.TransferHistory;

namespace Chronicle.Domain.Tests.Transfers;

/// <summary>
/// Random lives of a transfer, driven only through the decider and the fold as the saga drives them:
/// accounts that accept, refuse or do not answer, in any order, with clients retrying the request
/// meanwhile. Every decision must be one the fold accepts (both assert it), and every transfer must
/// end having moved its money exactly once or not at all, each step recorded once however often it
/// was retried. Seeded, so a failure names the walk that reproduces it.
/// </summary>
public sealed class TransferWalkTests
{
    private const int Walks = 2_000;

    /// <summary>After this many answers the accounts stop refusing and timing out, so every walk ends.</summary>
    private const int AnswersBeforeTheAccountsSettle = 20;

    private static readonly string[][] Journals =
    [
        [nameof(TransferInitiated), nameof(TransferFailed)],
        [nameof(TransferInitiated), nameof(TransferSourceDebited), nameof(TransferCompleted)],
        [nameof(TransferInitiated), nameof(TransferSourceDebited), nameof(TransferRefundStarted), nameof(TransferFailed)],
    ];

    private static readonly RejectionCode[] Refusals = Enum.GetValues<RejectionCode>().Where(code => code != RejectionCode.Unavailable).ToArray();

    [Fact]
    public void Every_walk_moves_the_money_once_or_not_at_all()
    {
        for (var seed = 0; seed < Walks; seed++)
        {
            try
            {
                Walk(new Random(seed));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"the walk with seed {seed} went wrong", e);
            }
        }
    }

    private static void Walk(Random random)
    {
        var request = Request with { Amount = random.Next(1, 1_000_000) / 100m, Description = random.Next(2) == 0 ? null : "rent" };
        var currency = random.Next(2) == 0 ? "USD" : "EUR";
        var now = T0;
        var journal = new List<ITransferEvent>();
        var accepted = new Dictionary<TransferStep, Guid>();

        var started = Assert.IsType<TransferDecision.Record>(TransferDecider.Start(New, request, now));
        journal.Add(started.Event);
        var state = New.Apply(started.Event);

        for (var answers = 0; !state.IsFinished; answers++)
        {
            Assert.True(answers <= AnswersBeforeTheAccountsSettle + 3, "the transfer finishes once the accounts settle");
            now = now.AddMilliseconds(random.Next(1, 5_000));
            if (random.Next(4) == 0) Assert.IsType<TransferDecision.Join>(TransferDecider.Start(state, request, now));
            if (random.Next(4) == 0)
                Assert.IsType<TransferDecision.Refuse>(TransferDecider.Start(state, request with { Amount = request.Amount + 1 }, now));

            var step = state.NextStep;
            var answer = AnswerTo(random, currency, settled: answers >= AnswersBeforeTheAccountsSettle);
            switch (TransferDecider.Answered(state, step, answer, now))
            {
                case TransferDecision.Record record:
                    Assert.Equal(now, record.Event.OccurredAt);
                    journal.Add(record.Event);
                    state = state.Apply(record.Event);
                    if (answer is StepAnswer.Accepted write) accepted.Add(step, write.EventId);
                    break;
                case TransferDecision.Retry:
                    // Only silence, or a source refusing its own money back, leaves the step to be sent again.
                    Assert.True(answer is StepAnswer.Unavailable || (step == TransferStep.Refund && answer is StepAnswer.Rejected),
                        $"{answer} to {step} retried");
                    break;
                case var other:
                    Assert.Fail($"{other} in answer to {step}");
                    break;
            }
        }

        Assert.Contains(journal.Select(e => e.GetType().Name).ToArray(), Journals);
        AssertMovedOnceOrNotAtAll(state, accepted, journal);
        if (journal.OfType<TransferSourceDebited>().SingleOrDefault() is { } debited)
            Assert.Equal((currency, (long)(request.Amount * 100)), (debited.CurrencyCode, debited.AmountMinorUnits));
    }

    /// <summary>The legs say where money went: completed, it left the source for the target; failed, none of it stayed moved.</summary>
    private static void AssertMovedOnceOrNotAtAll(TransferState state, Dictionary<TransferStep, Guid> accepted, List<ITransferEvent> journal)
    {
        var moved = state.Legs.GroupBy(leg => leg.AccountId)
            .ToDictionary(legs => legs.Key, legs => legs.Sum(leg => leg.Type == "transfer_out" ? -1 : 1));
        var legIds = state.Legs.Select(leg => leg.EventId).ToArray();
        if (state.Status == TransferStatus.Completed)
        {
            Assert.Equal(new Dictionary<string, int> { ["src"] = -1, ["dst"] = 1 }, moved);
            Assert.Equal([accepted[TransferStep.Debit], accepted[TransferStep.Credit]], legIds);
            return;
        }

        Assert.Equal(TransferStatus.Failed, state.Status);
        Assert.All(moved.Values, net => Assert.Equal(0, net));
        Assert.Equal(journal.OfType<TransferSourceDebited>().Any()
            ? [accepted[TransferStep.Debit], accepted[TransferStep.Refund]]
            : [], legIds);
    }

    private static StepAnswer AnswerTo(Random random, string currency, bool settled) =>
        (settled ? 0 : random.Next(3)) switch
        {
            0 => new StepAnswer.Accepted(NewId(random), currency),
            1 => new StepAnswer.Rejected(Refusals[random.Next(Refusals.Length)], "refused"),
            _ => new StepAnswer.Unavailable("timed out"),
        };

    /// <summary>From the walk's own random source, so a seed replays the same ids.</summary>
    private static Guid NewId(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
