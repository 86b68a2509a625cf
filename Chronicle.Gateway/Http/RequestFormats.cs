using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Chronicle.Domain;
using Chronicle.Domain.Money;

namespace Chronicle.Gateway.Http;

/// <summary>
/// On a request record's string property: text of a shape, which <see cref="RequestFields"/> checks (1 to
/// <see cref="MaxLength"/> characters, no control characters, then <see cref="Matches"/>, told as <see cref="Hint"/>)
/// and the OpenAPI document shows (the pattern, from <see cref="RegularExpressionAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal abstract class TextFormatAttribute(string pattern, int maxLength, string hint) : RegularExpressionAttribute(pattern)
{
    public int MaxLength { get; } = maxLength;

    /// <summary>The pattern in words, for what a request is told when it misses it.</summary>
    public string Hint { get; } = hint;

    /// <summary>Whether a value (of the right length, without control characters) has the shape.</summary>
    public abstract bool Matches(string value);

    /// <summary>What else is wrong with a value of the right shape; null when nothing is.</summary>
    public virtual string? Refusal(string value) => null;
}

/// <summary>On a request record's property: an account id, and a transfer id, checked as paths and query strings are (<see cref="EntityIds.IsValid"/>).</summary>
internal sealed class AccountIdAttribute() : TextFormatAttribute(EntityIds.Pattern, EntityIds.MaxLength, EntityIds.InWords)
{
    public override bool Matches(string value) => EntityIds.IsValid(value);
}

/// <summary>On a request record's property: an ISO 4217 currency code that the ledger supports.</summary>
internal sealed partial class CurrencyCodeAttribute() : TextFormatAttribute("^[A-Z]{3}$", 3, "an ISO 4217 code such as USD")
{
    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CodePattern();

    public override bool Matches(string value) => CodePattern().IsMatch(value);

    public override string? Refusal(string value) => Currency.TryFind(value, out _) ? null : $"currency '{value}' is not supported";
}
