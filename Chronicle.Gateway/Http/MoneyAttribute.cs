namespace Chronicle.Gateway.Http;

/// <summary>
/// On a request record's decimal property: a money amount, read by <see cref="MoneyConverter"/> from a JSON number or a
/// decimal string, exactly; never negative, and zero only where <see cref="AllowZero"/> (checked by <see cref="RequestFields"/>).
/// The OpenAPI document shows it as either (OpenApi/SchemaRules), never as a double.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MoneyAttribute : Attribute
{
    public bool AllowZero { get; init; }

    public string? Refusal(decimal amount) =>
        amount < 0 || (amount == 0 && !AllowZero) ? (AllowZero ? "must not be negative" : "must be greater than zero") : null;
}
