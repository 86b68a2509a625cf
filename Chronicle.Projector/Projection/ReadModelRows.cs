using Chronicle.Contracts.Transfers;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Projector.Projection;

/// <summary>
/// The rows a batch starts from, given to one <see cref="ReadModelChanges"/>, which takes the dictionaries over rather
/// than copying them.
/// </summary>
/// <param name="Accounts">The current rows of the accounts the batch touches (missing: not projected yet), their open transfers in their state.</param>
/// <param name="OpenTransfers">Those accounts' open transfer rows, by transfer id: the only rows their events can change.</param>
public sealed record StartingRows(Dictionary<string, ProjectedAccount> Accounts, Dictionary<string, ProjectedTransfer> OpenTransfers)
{
    /// <summary>No rows: new dictionaries each time, since the changes given them fill them.</summary>
    public static StartingRows None => new(new Dictionary<string, ProjectedAccount>(StringComparer.Ordinal), new Dictionary<string, ProjectedTransfer>(StringComparer.Ordinal));
}

/// <summary>A rebuild's page (<see cref="ReadModelChanges.TakePage"/>): its appended rows, and the transfers' rows it changed.</summary>
public sealed record PageRows(List<AuditRow> Audit, List<TransactionRow> Transactions, List<ProjectedTransfer> Transfers);

/// <summary>The entities' rows a batch changed, as it leaves them: what <see cref="ReadModelStore.AddEntityRows"/> writes.</summary>
/// <param name="IncomingAdded">The incoming_holds rows the batch adds: holds pending at its accounts now that were not before.</param>
/// <param name="IncomingRemoved">The incoming_holds rows the batch removes: holds pending before that are not any more.</param>
public sealed record EntityRows(
    List<ProjectedAccount> Accounts,
    List<ProjectedTransfer> Transfers,
    List<(string AccountId, IncomingHold Hold)> IncomingAdded,
    List<(string AccountId, string TransferId)> IncomingRemoved);

/// <summary>An account_balance row: the account's state (the ledger's own fold) and how many money movements it had.</summary>
public sealed record ProjectedAccount(AccountState State, long TransactionCount);

/// <summary>
/// A transfers row, as its source account's events made it (<see cref="TransferRowFold"/>) as of the source's
/// <see cref="SourceVersion"/>. While open (pending or held) it is exactly the source's <see cref="OutgoingTransfer"/>
/// (<see cref="ToOutgoing"/>), plus what the API shows of it.
/// </summary>
public sealed record ProjectedTransfer(
    string TransferId,
    string FromAccountId,
    string ToAccountId,
    string CurrencyCode,
    long AmountMinorUnits,
    long? PostedAmountMinorUnits,
    string Status,
    string? Description,
    DateTimeOffset? ExpiresAt,
    Guid SourceEventId,
    Guid? CreditEventId,
    string? FailureReason,
    string? FailureDetail,
    long SourceVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool PendingAtTarget = false,
    ClientMetadata? Metadata = null)
{
    /// <summary>Open on its source: held, pending, or ended there with its target's release still to be confirmed.</summary>
    public bool IsOpen => TransferStatuses.IsOpen(Status) || PendingAtTarget;

    /// <summary>The source's open transfer this row stands for: a posted hold is in flight with the posted amount.</summary>
    public OutgoingTransfer ToOutgoing() => new(
        TransferId,
        SourceEventId,
        ToAccountId,
        PostedAmountMinorUnits ?? AmountMinorUnits,
        Status switch
        {
            TransferStatuses.Held => OutgoingKind.Held,
            TransferStatuses.Pending => OutgoingKind.InFlight,
            _ => OutgoingKind.Releasing,
        },
        ExpiresAt,
        Description,
        CreatedAt,
        PendingAtTarget,
        Metadata);
}

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
    DateTimeOffset OccurredAt,
    ClientMetadata? Metadata);

/// <summary>An events (audit log) row: any event of any entity, at its journal position.</summary>
/// <param name="EventData">The event's JSON, UTF-8 (<see cref="Feed.FeedEvent.EventJson"/>).</param>
public sealed record AuditRow(
    long Sequence,
    Guid EventId,
    string AggregateType,
    string AggregateId,
    long Version,
    string EventType,
    ReadOnlyMemory<byte> EventData,
    DateTimeOffset CreatedAt,
    DateTimeOffset WrittenAt);

/// <summary>
/// A projector_checkpoint row: the partition's last applied stream sequence and what it has applied
/// since the read model was last emptied (so the sum over partitions is the audit log's size).
/// </summary>
public sealed record CheckpointRow(int Partition, ulong StreamSequence, long EventsApplied, long GapsRepaired, DateTimeOffset? LastWrittenAt);
