using System.Text.Json.Serialization;

namespace Chronicle.Client;

// The account writes, as the OpenAPI document's request schemas define them (CreateAccountRequest, MoneyMovementRequest,
// AccountStatusRequest, UnfreezeAccountRequest, SetOverdraftLimitRequest). Money is decimal, sent as a decimal string.

/// <summary><c>POST /commands/create-account</c>: opens an account.</summary>
/// <param name="AccountId">1-64 characters of <c>[A-Za-z0-9_-]</c>, chosen by the caller.</param>
/// <param name="OwnerName">1-200 characters.</param>
public sealed record CreateAccountRequest(string AccountId, string OwnerName) : ChronicleCommand<AccountCreatedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "create-account";

    /// <summary>The opening balance, at most the currency's decimal places; 0 when null.</summary>
    public decimal? InitialBalance { get; init; }

    /// <summary>ISO 4217 code; USD when null.</summary>
    public string? Currency { get; init; }

    /// <summary>How far below zero the available balance may go; 0 when null.</summary>
    public decimal? OverdraftLimit { get; init; }

    /// <summary>
    /// Labels of the caller's, shown wherever it is and searchable: at most 20 keys of 1-40 characters without <c>[</c> or
    /// <c>]</c>, each to a string of at most 500 characters; no control characters. None when null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>A deposit or a withdrawal: money into or out of one account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Amount">Greater than zero, at most the currency's decimal places.</param>
public abstract record MoneyMovementRequest(string AccountId, decimal Amount) : ChronicleCommand<MoneyMovedResponse>
{
    /// <summary>1-500 characters, shown in the account's transactions.</summary>
    public string? Description { get; init; }

    /// <summary>The account's version the caller expects; another one is refused with 409 <c>version_conflict</c>.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>
    /// Labels of the caller's, shown wherever it is and searchable: at most 20 keys of 1-40 characters without <c>[</c> or
    /// <c>]</c>, each to a string of at most 500 characters; no control characters. None when null.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary><c>POST /commands/deposit</c>: money into an account.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Amount">Greater than zero, at most the currency's decimal places.</param>
public sealed record DepositRequest(string AccountId, decimal Amount) : MoneyMovementRequest(AccountId, Amount)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "deposit";
}

/// <summary><c>POST /commands/withdraw</c>: money out of an account, down to its overdraft limit at most.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Amount">Greater than zero, at most the currency's decimal places.</param>
public sealed record WithdrawRequest(string AccountId, decimal Amount) : MoneyMovementRequest(AccountId, Amount)
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "withdraw";
}

/// <summary><c>POST /commands/freeze-account</c>: the account refuses money in and out until it is unfrozen.</summary>
/// <param name="AccountId">The account.</param>
public sealed record FreezeAccountRequest(string AccountId) : ChronicleCommand<AccountChangedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "freeze-account";

    /// <summary>1-500 characters: why.</summary>
    public string? Reason { get; init; }

    /// <summary>The account's version the caller expects; another one is refused with 409 <c>version_conflict</c>.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary><c>POST /commands/unfreeze-account</c>.</summary>
/// <param name="AccountId">The account.</param>
public sealed record UnfreezeAccountRequest(string AccountId) : ChronicleCommand<AccountChangedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "unfreeze-account";

    /// <summary>The account's version the caller expects; another one is refused with 409 <c>version_conflict</c>.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary><c>POST /commands/close-account</c>: the account must be empty and have no transfers in flight; it then refuses everything.</summary>
/// <param name="AccountId">The account.</param>
public sealed record CloseAccountRequest(string AccountId) : ChronicleCommand<AccountChangedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "close-account";

    /// <summary>1-500 characters: why.</summary>
    public string? Reason { get; init; }

    /// <summary>The account's version the caller expects; another one is refused with 409 <c>version_conflict</c>.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary><c>POST /commands/set-overdraft-limit</c>: how far below zero the account's available balance may go.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OverdraftLimit">0 or more, at most the currency's decimal places; below what is used is 422 <c>overdraft_limit_exceeded</c>.</param>
public sealed record SetOverdraftLimitRequest(string AccountId, decimal OverdraftLimit) : ChronicleCommand<AccountChangedResponse>
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => "set-overdraft-limit";

    /// <summary>The account's version the caller expects; another one is refused with 409 <c>version_conflict</c>.</summary>
    public long? ExpectedVersion { get; init; }
}
