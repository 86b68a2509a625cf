using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

// The bodies of the account writes, as they are bound (strictly: RequestJson, RequestFields) and as the OpenAPI document
// describes them: from these records, their properties in snake_case and their attributes, which both read. Money is a
// decimal, sent as a JSON number or a decimal string, never a double.

/// <summary>POST /commands/create-account.</summary>
internal sealed record CreateAccountRequest(
    [property: AccountId] string AccountId,
    [property: StringLength(AccountDecider.MaxOwnerNameLength, MinimumLength = 1)] string OwnerName,
    [property: Money(AllowZero = true), Description("The opening balance; 0 when absent.")] decimal InitialBalance = 0m,
    [property: CurrencyCode, Description("ISO 4217; " + Currency.DefaultCode + " when absent.")] string Currency = Currency.DefaultCode,
    [property: Money(AllowZero = true), Description("How far below zero the available balance may go; 0 when absent.")] decimal OverdraftLimit = 0m,
    [property: MetadataField, Description("The account's labels, shown wherever it is; GET /accounts?metadata[KEY]=VALUE finds it by them.")]
    ClientMetadata? Metadata = null);

/// <summary>POST /commands/set-overdraft-limit.</summary>
internal sealed record SetOverdraftLimitRequest(
    [property: AccountId] string AccountId,
    [property: Money(AllowZero = true), Description("0 or more, at most the currency's decimal places: how far below zero the available balance may go.")] decimal OverdraftLimit,
    [property: ExpectedVersion] long? ExpectedVersion = null);

/// <summary>POST /commands/deposit and /commands/withdraw.</summary>
internal sealed record MoneyMovementRequest(
    [property: AccountId] string AccountId,
    [property: Money, Description("Greater than zero, at most the currency's decimal places.")] decimal Amount,
    [property: StringLength(AccountDecider.MaxDescriptionLength, MinimumLength = 1)] string? Description = null,
    [property: ExpectedVersion] long? ExpectedVersion = null,
    [property: MetadataField, Description("The movement's labels, shown on its transaction; an account's transactions are filtered by them.")]
    ClientMetadata? Metadata = null);

/// <summary>POST /commands/freeze-account and /commands/close-account.</summary>
internal sealed record AccountStatusRequest(
    [property: AccountId] string AccountId,
    [property: StringLength(AccountDecider.MaxDescriptionLength, MinimumLength = 1)] string? Reason = null,
    [property: ExpectedVersion] long? ExpectedVersion = null);

/// <summary>POST /commands/unfreeze-account.</summary>
internal sealed record UnfreezeAccountRequest([property: AccountId] string AccountId, [property: ExpectedVersion] long? ExpectedVersion = null);

/// <summary>
/// The client's optimistic lock, on every account write but creation (AccountDecider checks it): a version of 0 or
/// more; the write is refused with 409 version_conflict when the account is at another.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ExpectedVersionAttribute() : RangeAttribute(typeof(long), "0", "9223372036854775807");
