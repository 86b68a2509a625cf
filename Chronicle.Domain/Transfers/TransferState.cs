namespace Chronicle.Domain.Transfers;

public enum TransferStatus
{
    /// <summary>No TransferInitiated yet: the transfer does not exist.</summary>
    None,
    Pending,
    Debited,
    Completed,
    Failed,
}

/// <summary>The step a transfer must take next, decided purely from its state.</summary>
public enum TransferStep
{
    None,
    Debit,
    Credit,
    Refund,
}

/// <summary>A transfer as of its latest step: the pure fold over its <see cref="ITransferEvent"/>s.</summary>
public sealed record TransferState(
    string TransferId,
    TransferStatus Status,
    string FromAccountId,
    string ToAccountId,
    decimal Amount,
    string? Description,
    string RequestFingerprint,
    string? CurrencyCode,
    string? RefundReason,
    string? FailureReason,
    string? FailureDetail,
    IReadOnlyList<TransferLeg> Legs,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TransferState Initial(string transferId) =>
        new(transferId, TransferStatus.None, "", "", 0m, null, "", null, null, null, null, [], default, default);

    public bool Exists => Status != TransferStatus.None;

    public bool IsFinished => Status is TransferStatus.Completed or TransferStatus.Failed;

    public TransferStep NextStep => Status switch
    {
        TransferStatus.Pending => TransferStep.Debit,
        TransferStatus.Debited when RefundReason is null => TransferStep.Credit,
        TransferStatus.Debited => TransferStep.Refund,
        _ => TransferStep.None,
    };

    public TransferState Apply(ITransferEvent @event)
    {
        Invariant.Require(@event.TransferId == TransferId, $"event for transfer {@event.TransferId} applied to {TransferId}");
        return @event switch
        {
            TransferInitiated e => Expect(TransferStatus.None, e) with
            {
                Status = TransferStatus.Pending,
                FromAccountId = e.FromAccountId,
                ToAccountId = e.ToAccountId,
                Amount = e.Amount,
                Description = e.Description,
                RequestFingerprint = e.RequestFingerprint,
                CreatedAt = e.OccurredAt,
                UpdatedAt = e.OccurredAt,
            },
            TransferSourceDebited e => Expect(TransferStatus.Pending, e) with
            {
                Status = TransferStatus.Debited,
                CurrencyCode = e.CurrencyCode,
                Legs = [.. Legs, new TransferLeg(e.DebitEventId, FromAccountId, "transfer_out")],
                UpdatedAt = e.OccurredAt,
            },
            TransferCompleted e => Expect(TransferStatus.Debited, e) with
            {
                Status = TransferStatus.Completed,
                Legs = [.. Legs, new TransferLeg(e.CreditEventId, ToAccountId, "transfer_in")],
                UpdatedAt = e.OccurredAt,
            },
            // The target's refusal is kept as the failure detail the transfer will end with.
            TransferRefundStarted e => Expect(TransferStatus.Debited, e) with
            {
                RefundReason = e.Reason,
                FailureDetail = e.Detail,
                UpdatedAt = e.OccurredAt,
            },
            TransferFailed e => Failed(e),
            _ => throw new InvariantViolatedException($"unknown transfer event {@event.GetType().Name}"),
        };
    }

    private TransferState Failed(TransferFailed e)
    {
        // Money that left the source must have come back before a transfer can end failed.
        Invariant.Require(Status == TransferStatus.Pending || (Status == TransferStatus.Debited && e.RefundEventId is not null),
            $"transfer {TransferId} failed from {Status} without a refund");
        return this with
        {
            Status = TransferStatus.Failed,
            FailureReason = e.Reason,
            FailureDetail = e.Detail,
            Legs = e.RefundEventId is { } refund ? [.. Legs, new TransferLeg(refund, FromAccountId, "refund")] : Legs,
            UpdatedAt = e.OccurredAt,
        };
    }

    private TransferState Expect(TransferStatus status, ITransferEvent e)
    {
        Invariant.Require(Status == status, $"transfer {TransferId}: {e.GetType().Name} in status {Status}, expected {status}");
        return this;
    }
}

/// <summary>One account event a transfer caused: which account, which event, what kind.</summary>
public sealed record TransferLeg(Guid EventId, string AccountId, string Type);
