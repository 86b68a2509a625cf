namespace Chronicle.Gateway.Http;

/// <summary>
/// On a request record's decimal property: a money amount, read by <see cref="JsonFields.Amount"/> from a JSON number
/// or a decimal string, exactly; the OpenAPI document shows it as either (OpenApi/SchemaRules), never as a double.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MoneyAttribute : Attribute;
