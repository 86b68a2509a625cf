using System.Text.Json;

namespace Chronicle.Client;

// The reads' bodies, as the OpenAPI document's response schemas define them. Money is decimal (the node answers decimal
// strings at the currency's scale); statuses and types are strings, their values in AccountStatuses, TransferStatuses and
// TransactionTypes, so that a value a newer node adds does not break an older client.

/// <summary>An account (<c>GET /accounts/{id}</c>).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OwnerName">Its owner.</param>
/// <param name="Balance">The money it holds; below zero when it uses its overdraft.</param>
/// <param name="AvailableBalance">What it may spend: the balance less its open holds, plus its overdraft limit.</param>
/// <param name="OverdraftLimit">How far below zero the available balance may go.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Status">One of <see cref="AccountStatuses"/>.</param>
/// <param name="Version">Its version: how many events it has.</param>
/// <param name="Metadata">The caller's labels; empty for none (null from a node older than metadata).</param>
/// <param name="CreatedAt">When it was opened.</param>
/// <param name="LastUpdated">When it last changed.</param>
/// <param name="PendingIncoming">What other accounts' holds towards it may still bring (not on the balance yet).</param>
public sealed record AccountResponse(
    string AccountId,
    string OwnerName,
    decimal Balance,
    decimal AvailableBalance,
    decimal OverdraftLimit,
    string Currency,
    string Status,
    long Version,
    IReadOnlyDictionary<string, string>? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdated,
    decimal PendingIncoming);

/// <summary>The values of an account's <c>status</c>.</summary>
public static class AccountStatuses
{
    /// <summary>Takes every write.</summary>
    public const string Active = "active";

    /// <summary>Refuses money in and out until unfrozen.</summary>
    public const string Frozen = "frozen";

    /// <summary>Refuses everything.</summary>
    public const string Closed = "closed";
}

/// <summary>A page of an account's transactions, newest first (<c>GET /accounts/{id}/transactions</c>).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Transactions">This page's.</param>
/// <param name="Total">How many the account has in all.</param>
public sealed record TransactionsResponse(string AccountId, IReadOnlyList<TransactionItem> Transactions, long Total);

/// <summary>One money movement of an account.</summary>
/// <param name="TransactionId">Its journal event.</param>
/// <param name="Type">One of <see cref="TransactionTypes"/>.</param>
/// <param name="Amount">The money moved, always positive.</param>
/// <param name="BalanceAfter">The account's balance after it.</param>
/// <param name="Description">The caller's, when it gave one.</param>
/// <param name="Timestamp">When it was written.</param>
/// <param name="TransferId">The transfer it belongs to, for transfer legs and refunds.</param>
/// <param name="Version">The account's version after it: the next page's <c>before</c> is the last row's.</param>
/// <param name="Metadata">The movement's labels (a transfer's on each of its movements); empty for none (null from a node older than metadata).</param>
public sealed record TransactionItem(
    Guid TransactionId,
    string Type,
    decimal Amount,
    decimal BalanceAfter,
    string? Description,
    DateTimeOffset Timestamp,
    string? TransferId,
    long Version,
    IReadOnlyDictionary<string, string>? Metadata);

/// <summary>The values of a transaction's <c>type</c>.</summary>
public static class TransactionTypes
{
    /// <summary>Money paid in.</summary>
    public const string Deposit = "deposit";

    /// <summary>Money taken out.</summary>
    public const string Withdrawal = "withdrawal";

    /// <summary>A transfer's debit of its source.</summary>
    public const string TransferOut = "transfer_out";

    /// <summary>A transfer's credit of its target.</summary>
    public const string TransferIn = "transfer_in";

    /// <summary>A failed transfer's money back to its source.</summary>
    public const string Refund = "refund";
}

/// <summary>A transfer (<c>GET /transfers/{id}</c>).</summary>
/// <param name="TransferId">The transfer.</param>
/// <param name="FromAccountId">Its source.</param>
/// <param name="ToAccountId">Its target.</param>
/// <param name="Amount">What was sent or held.</param>
/// <param name="PostedAmount">What a posted hold credited.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Status">One of <see cref="TransferStatuses"/>.</param>
/// <param name="Reason">Why it failed.</param>
/// <param name="ExpiresAt">When an open hold expires.</param>
/// <param name="Metadata">The caller's labels; empty for none (null from a node older than metadata).</param>
/// <param name="CreatedAt">When it started.</param>
/// <param name="UpdatedAt">When it last changed; null when the source account answered (a strong read of an open transfer).</param>
public sealed record TransferResponse(
    string TransferId,
    string FromAccountId,
    string ToAccountId,
    decimal Amount,
    decimal? PostedAmount,
    string Currency,
    string Status,
    string? Reason,
    DateTimeOffset? ExpiresAt,
    IReadOnlyDictionary<string, string>? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>Recently changed transfers, newest first (<c>GET /transfers</c>).</summary>
/// <param name="Transfers">This page's.</param>
public sealed record TransfersResponse(IReadOnlyList<TransferResponse> Transfers);

/// <summary>An account as of an instant, rebuilt from its events (<c>GET /accounts/{id}/balance-at</c>).</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Balance">Its balance then.</param>
/// <param name="AvailableBalance">The balance less the holds open then, plus the limit then.</param>
/// <param name="OverdraftLimit">The overdraft limit in force then.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="At">The instant asked for.</param>
/// <param name="Version">Its version then.</param>
/// <param name="Holds">The holds open then, oldest first.</param>
/// <param name="Metadata">The account's labels; empty for none (null from a node older than metadata).</param>
public sealed record BalanceAtResponse(
    string AccountId,
    decimal Balance,
    decimal AvailableBalance,
    decimal OverdraftLimit,
    string Currency,
    DateTimeOffset At,
    long Version,
    IReadOnlyList<HoldAtResponse> Holds,
    IReadOnlyDictionary<string, string>? Metadata);

/// <summary>A hold open at an instant.</summary>
/// <param name="TransferId">Its transfer.</param>
/// <param name="ToAccountId">Its target.</param>
/// <param name="Amount">The amount held.</param>
/// <param name="ExpiresAt">When it was to expire.</param>
/// <param name="Metadata">The transfer's labels; empty for none (null from a node older than metadata).</param>
public sealed record HoldAtResponse(string TransferId, string ToAccountId, decimal Amount, DateTimeOffset? ExpiresAt,
    IReadOnlyDictionary<string, string>? Metadata);

/// <summary>A page of accounts in id order (<c>GET /accounts</c>).</summary>
/// <param name="Accounts">This page's.</param>
/// <param name="Next">When there are more: the <c>after</c> of the next page.</param>
public sealed record AccountsResponse(IReadOnlyList<AccountResponse> Accounts, string? Next);

/// <summary>A page of the audit log, newest first (<c>GET /events</c>).</summary>
/// <param name="Events">This page's.</param>
/// <param name="Total">Every event in the log.</param>
public sealed record EventsResponse(IReadOnlyList<EventItem> Events, long Total);

/// <summary>One entry of the audit log.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Sequence">Its journal sequence: the cursor of <c>after</c> and <c>before</c>.</param>
/// <param name="AggregateId">The account (or transfer) it belongs to.</param>
/// <param name="AggregateType"><c>account</c> or <c>transfer</c>.</param>
/// <param name="EventType">Its type, e.g. <c>MoneyDeposited</c>.</param>
/// <param name="EventData">The event as the journal stores it, a JSON object; its fields depend on <paramref name="EventType"/>.</param>
/// <param name="Version">Its version in its aggregate.</param>
/// <param name="CreatedAt">When it was written.</param>
public sealed record EventItem(
    Guid EventId,
    long Sequence,
    string AggregateId,
    string AggregateType,
    string EventType,
    JsonElement EventData,
    long Version,
    DateTimeOffset CreatedAt);

/// <summary>The node's liveness (<c>GET /healthz</c>).</summary>
/// <param name="Status"><c>alive</c> when the process answers.</param>
/// <param name="Checks">What was checked, by name, when the node says.</param>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string>? Checks = null);

/// <summary>Who answers a read.</summary>
public enum ReadConsistency
{
    /// <summary>The read model (what was projected from the event feed), or the account itself when the read model cannot answer.</summary>
    Eventual,

    /// <summary>The account (or the transfer's source account) itself: every acknowledged write included.</summary>
    Strong,
}
