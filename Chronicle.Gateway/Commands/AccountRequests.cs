using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Money;
using Chronicle.Gateway.Http;

namespace Chronicle.Gateway.Commands;

// The bodies of the account writes, as the parser reads them (strictly: JsonFields) and as the OpenAPI document
// describes them (from these records: their properties, in snake_case, and their attributes). Money is a decimal,
// sent as a JSON number or a decimal string, never a double.

/// <summary>POST /commands/create-account.</summary>
internal sealed record CreateAccountRequest(
    [property: AccountId] string AccountId,
    [property: StringLength(AccountDecider.MaxOwnerNameLength, MinimumLength = 1)] string OwnerName,
    [property: Money, Description("The opening balance; 0 when absent.")] decimal InitialBalance = 0m,
    [property: CurrencyCode, Description("ISO 4217; " + Currency.DefaultCode + " when absent.")] string Currency = Currency.DefaultCode,
    [property: Money, Description("How far below zero the available balance may go; 0 when absent.")] decimal OverdraftLimit = 0m,
    [property: MetadataField, Description("The account's labels, shown wherever it is; GET /accounts?metadata[KEY]=VALUE finds it by them.")]
    ClientMetadata? Metadata = null)
{
    public static CreateAccountRequest Read(JsonFields fields) => new(
        fields.AccountId("account_id"),
        fields.RequiredString("owner_name", AccountDecider.MaxOwnerNameLength),
        fields.Amount("initial_balance", required: false, allowZero: true),
        fields.CurrencyCode("currency"),
        OverdraftLimitField.Read(fields, required: false),
        MetadataFieldAttribute.Read(fields));
}

/// <summary>POST /commands/set-overdraft-limit.</summary>
internal sealed record SetOverdraftLimitRequest(
    [property: AccountId] string AccountId,
    [property: Money, Description("0 or more, at most the currency's decimal places: how far below zero the available balance may go.")] decimal OverdraftLimit,
    [property: ExpectedVersion] long? ExpectedVersion = null)
{
    public static SetOverdraftLimitRequest Read(JsonFields fields) => new(
        fields.AccountId("account_id"), OverdraftLimitField.Read(fields, required: true), ExpectedVersionAttribute.Read(fields));
}

/// <summary>
/// An overdraft limit, read as an amount that may be zero; its scale and maximum are the account's currency's, which the
/// account checks (<c>OverdraftRules</c>).
/// </summary>
internal static class OverdraftLimitField
{
    public static decimal Read(JsonFields fields, bool required) => fields.Amount("overdraft_limit", required, allowZero: true);
}

/// <summary>POST /commands/deposit and /commands/withdraw.</summary>
internal sealed record MoneyMovementRequest(
    [property: AccountId] string AccountId,
    [property: Money, Description("Greater than zero, at most the currency's decimal places.")] decimal Amount,
    [property: StringLength(AccountDecider.MaxDescriptionLength, MinimumLength = 1)] string? Description = null,
    [property: ExpectedVersion] long? ExpectedVersion = null,
    [property: MetadataField, Description("The movement's labels, shown on its transaction; an account's transactions are filtered by them.")]
    ClientMetadata? Metadata = null)
{
    public static MoneyMovementRequest Read(JsonFields fields) => new(
        fields.AccountId("account_id"),
        fields.Amount("amount", required: true, allowZero: false),
        fields.OptionalString("description", AccountDecider.MaxDescriptionLength),
        ExpectedVersionAttribute.Read(fields),
        MetadataFieldAttribute.Read(fields));
}

/// <summary>POST /commands/freeze-account and /commands/close-account.</summary>
internal sealed record AccountStatusRequest(
    [property: AccountId] string AccountId,
    [property: StringLength(AccountDecider.MaxDescriptionLength, MinimumLength = 1)] string? Reason = null,
    [property: ExpectedVersion] long? ExpectedVersion = null)
{
    public static AccountStatusRequest Read(JsonFields fields) => new(
        fields.AccountId("account_id"),
        fields.OptionalString("reason", AccountDecider.MaxDescriptionLength),
        ExpectedVersionAttribute.Read(fields));
}

/// <summary>POST /commands/unfreeze-account.</summary>
internal sealed record UnfreezeAccountRequest([property: AccountId] string AccountId, [property: ExpectedVersion] long? ExpectedVersion = null)
{
    public static UnfreezeAccountRequest Read(JsonFields fields) => new(fields.AccountId("account_id"), ExpectedVersionAttribute.Read(fields));
}

/// <summary>
/// The client's optimistic lock, on every account write but creation (AccountDecider checks it): a version of 0 or
/// more; the write is refused with 409 version_conflict when the account is at another.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ExpectedVersionAttribute() : RangeAttribute(typeof(long), "0", "9223372036854775807")
{
    public static long? Read(JsonFields fields) => fields.OptionalInt64("expected_version", 0, long.MaxValue);
}
