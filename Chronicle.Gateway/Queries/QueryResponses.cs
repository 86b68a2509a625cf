using System.ComponentModel;
using System.Text.Json.Serialization;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Queries;

/// <summary>
/// One money movement. <c>version</c> is the account's version after it: the cursor for the next
/// (older) page is the last row's version, passed as <c>?before=</c>.
/// </summary>
internal sealed record TransactionItem(
    Guid TransactionId,
    string Type,
    string Amount,
    string BalanceAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    DateTimeOffset Timestamp,
    string? TransferId,
    long Version,
    [property: Description("The movement's labels (a transfer's, on each of its movements): string keys to string values; {} for none.")]
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>A page of an account's transactions, newest first; <c>total</c> counts all of them.</summary>
internal sealed record TransactionsResponse(string AccountId, IReadOnlyList<TransactionItem> Transactions, long Total);

/// <summary>One entry of the audit log; <c>event_data</c> is the event as stored, a JSON object.</summary>
internal sealed record EventItem(
    Guid EventId,
    long Sequence,
    string AggregateId,
    string AggregateType,
    string EventType,
    [property: Description("The event as the journal stores it; its fields depend on event_type.")] RawJson EventData,
    long Version,
    DateTimeOffset CreatedAt);

/// <summary>A page of the audit log, newest first; <c>total</c> counts every event in it.</summary>
internal sealed record EventsResponse(IReadOnlyList<EventItem> Events, long Total);

/// <summary>A page of one account's history, oldest first: the next page is <c>?after=</c> the last version.</summary>
internal sealed record AccountEventsResponse(string AccountId, IReadOnlyList<EventItem> Events);

/// <summary>Recently changed transfers, newest first.</summary>
internal sealed record TransfersResponse(IReadOnlyList<TransferResponse> Transfers);
