using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;

namespace Chronicle.Projector.Projection;

/// <summary>An account_balance row: the account's state (the ledger's own fold) and how many money movements it had.</summary>
public sealed record ProjectedAccount(AccountState State, long TransactionCount);

/// <summary>A transfers row: the saga's state (its own fold) as of <see cref="Version"/>.</summary>
public sealed record ProjectedTransfer(TransferState State, long Version);

/// <summary>A transactions row: one money movement on one account.</summary>
public sealed record TransactionRow(
    string AccountId,
    long Version,
    Guid TransactionId,
    string Type,
    long AmountMinorUnits,
    long BalanceAfterMinorUnits,
    string Currency,
    string? Description,
    string? TransferId,
    DateTimeOffset OccurredAt);

/// <summary>An events (audit log) row: any event of any entity, at its journal position.</summary>
public sealed record AuditRow(
    long Sequence,
    Guid EventId,
    string AggregateType,
    string AggregateId,
    long Version,
    string EventType,
    string EventData,
    DateTimeOffset CreatedAt,
    DateTimeOffset WrittenAt);

/// <summary>
/// A projector_checkpoint row: the partition's last applied stream sequence and what it has applied
/// since the read model was last emptied (so the sum over partitions is the audit log's size).
/// </summary>
public sealed record CheckpointRow(int Partition, ulong StreamSequence, long EventsApplied, long GapsRepaired, DateTimeOffset? LastWrittenAt);
