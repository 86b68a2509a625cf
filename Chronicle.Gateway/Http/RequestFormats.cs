using System.ComponentModel.DataAnnotations;

namespace Chronicle.Gateway.Http;

/// <summary>
/// On a request record's property: an account or transfer id, as <see cref="JsonFields.AccountId"/> reads it. The
/// OpenAPI document takes the pattern from here; the parser checks the same <see cref="JsonFields.AccountIdRegex"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AccountIdAttribute() : RegularExpressionAttribute(JsonFields.AccountIdRegex);

/// <summary>On a request record's property: an ISO 4217 currency code, as <see cref="JsonFields.CurrencyCode"/> reads it.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CurrencyCodeAttribute() : RegularExpressionAttribute(JsonFields.CurrencyRegex);
