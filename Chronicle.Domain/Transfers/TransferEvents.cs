namespace Chronicle.Domain.Transfers;

/// <summary>The saga's own history: each step it has taken, persisted before it takes the next.</summary>
public interface ITransferEvent
{
    string TransferId { get; }
    DateTimeOffset OccurredAt { get; }
}

public sealed record TransferInitiated(
    string TransferId,
    DateTimeOffset OccurredAt,
    string FromAccountId,
    string ToAccountId,
    decimal Amount,
    string? Description,
    string RequestFingerprint) : ITransferEvent;

public sealed record TransferSourceDebited(
    string TransferId,
    DateTimeOffset OccurredAt,
    string CurrencyCode,
    long AmountMinorUnits,
    Guid DebitEventId) : ITransferEvent;

public sealed record TransferCompleted(string TransferId, DateTimeOffset OccurredAt, Guid CreditEventId) : ITransferEvent;

/// <summary>The target refused the credit (<see cref="Reason"/> is the account's rejection code): the source gets its money back.</summary>
public sealed record TransferRefundStarted(string TransferId, DateTimeOffset OccurredAt, string Reason, string Detail) : ITransferEvent;

/// <summary>Final. <see cref="RefundEventId"/> is set when money had left the source and came back.</summary>
public sealed record TransferFailed(
    string TransferId,
    DateTimeOffset OccurredAt,
    string Reason,
    string Detail,
    Guid? RefundEventId) : ITransferEvent;
