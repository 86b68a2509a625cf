using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Transfers;

/// <summary>
/// An account's answer to one transfer step, reduced to what the saga's decisions tell apart: the
/// account wrote the step, refused it for good, or could not be asked (the step is idempotent, so it
/// is simply sent again). Closed: the decider handles exactly these three.
/// </summary>
public abstract record StepAnswer
{
    private StepAnswer()
    {
    }

    /// <summary>The account wrote the step as <see cref="EventId"/>, in its currency <see cref="CurrencyCode"/>.</summary>
    public sealed record Accepted(Guid EventId, string CurrencyCode) : StepAnswer;

    /// <summary>The account refused the step; <see cref="Code"/> is never <see cref="RejectionCode.Unavailable"/>.</summary>
    public sealed record Rejected(RejectionCode Code, string Detail) : StepAnswer;

    /// <summary>No answer (a timeout, an unconfirmed write): the step may or may not have happened.</summary>
    public sealed record Unavailable(string Detail) : StepAnswer;

    /// <summary>The answer an account actor gives a step command.</summary>
    public static StepAnswer Of(object reply) => reply switch
    {
        WriteAccepted accepted => new Accepted(accepted.EventId, accepted.CurrencyCode),
        CommandRejected { Code: RejectionCode.Unavailable } unavailable => new Unavailable(unavailable.Detail),
        CommandRejected refused => new Rejected(refused.Code, refused.Detail),
        _ => throw new InvalidOperationException($"unexpected answer {reply.GetType().Name} to a transfer step"),
    };
}
