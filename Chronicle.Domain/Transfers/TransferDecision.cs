using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Transfers;

/// <summary>What the saga does with a request or a step's answer, as <see cref="TransferDecider"/> decides it.</summary>
public abstract record TransferDecision
{
    private TransferDecision()
    {
    }

    /// <summary>Record <see cref="Event"/>; <see cref="Then"/> says what the saga may do before the write is durable.</summary>
    public sealed record Record(ITransferEvent Event, AfterRecord Then) : TransferDecision;

    /// <summary>
    /// Record nothing and send the same step again after a pause. <see cref="RefundRefused"/>: the source
    /// refused to take its money back, which needs an operator's eye; otherwise the account was unavailable.
    /// </summary>
    public sealed record Retry(string Detail, bool RefundRefused) : TransferDecision;

    /// <summary>The same request under the same transfer id: wait for the transfer already under way.</summary>
    public sealed record Join : TransferDecision
    {
        public static readonly Join Instance = new();
    }

    /// <summary>A different request under a transfer id already taken: answer <see cref="Rejection"/>, start nothing.</summary>
    public sealed record Refuse(CommandRejected Rejection) : TransferDecision;
}

/// <summary>What the saga may do between deciding an event and its write being durable.</summary>
public enum AfterRecord
{
    /// <summary>Nothing: once the event is durable, fold it and take the step then due (or answer, if finished).</summary>
    WaitForWrite,

    /// <summary>Fold it now and send the next step while the event is written.</summary>
    NextStepNow,

    /// <summary>Answer the waiting requests with the folded outcome while the event is written.</summary>
    AnswerNow,
}
