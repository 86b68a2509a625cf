using System.Text.Json;
using System.Text.RegularExpressions;
using Chronicle.Contracts.Http;
using Chronicle.Domain;
using Chronicle.Domain.Money;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Typed, validating access to the fields of one JSON object. Each read records what is wrong
/// with the field instead of throwing; <see cref="Problem"/> then reports every error at once,
/// including fields that appeared twice or that no read asked for.
/// </summary>
internal sealed partial class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public JsonFields(JsonElement obj)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!_fields.TryAdd(property.Name, property.Value)) _errors[property.Name] = "appears more than once";
        }
    }

    /// <summary>An account id, and a transfer id: what <see cref="AccountIdPattern"/> matches (the document's <see cref="AccountIdAttribute"/> too).</summary>
    public const string AccountIdRegex = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary>An ISO 4217 code's shape (whether the ledger supports it is checked after).</summary>
    public const string CurrencyRegex = "^[A-Z]{3}$";

    [GeneratedRegex(AccountIdRegex)]
    public static partial Regex AccountIdPattern();

    /// <summary><see cref="AccountIdPattern"/> in words, for what a request is told when it misses it.</summary>
    public const string AccountIdHint = "1-64 characters of A-Z, a-z, 0-9, '_' or '-'";

    [GeneratedRegex(CurrencyRegex)]
    private static partial Regex CurrencyPattern();

    public string AccountId(string name) => RequiredString(name, 64, AccountIdPattern(), AccountIdHint);

    public string CurrencyCode(string name)
    {
        var code = OptionalString(name, 3, CurrencyPattern(), "an ISO 4217 code such as USD") ?? Currency.DefaultCode;
        if (!_errors.ContainsKey(name) && !Currency.TryFind(code, out _)) _errors[name] = $"currency '{code}' is not supported";
        return code;
    }

    public string RequiredString(string name, int maxLength, Regex? pattern = null, string? patternHint = null)
    {
        var value = OptionalString(name, maxLength, pattern, patternHint);
        if (value is null && !_errors.ContainsKey(name)) _errors[name] = "is required";
        return value ?? "";
    }

    public string? OptionalString(string name, int maxLength, Regex? pattern = null, string? patternHint = null)
    {
        if (Find(name) is not { } element) return null;
        if (element.ValueKind != JsonValueKind.String) return Error<string>(name, "must be a string");
        var value = element.GetString()!;
        if (value.Length == 0 || value.Length > maxLength) return Error<string>(name, $"must be 1-{maxLength} characters");
        if (value.Any(char.IsControl)) return Error<string>(name, "must not contain control characters");
        if (pattern is not null && !pattern.IsMatch(value)) return Error<string>(name, $"must be {patternHint}");
        return value;
    }

    /// <summary>A required array of 1 to <paramref name="maxItems"/> strings, each as <see cref="OptionalString"/> reads one.</summary>
    public IReadOnlyList<string> RequiredStrings(string name, int maxItems, int maxLength)
    {
        if (Find(name) is not { } element) return Error(name, "is required", Array.Empty<string>());
        if (element.ValueKind != JsonValueKind.Array) return Error(name, "must be an array of strings", Array.Empty<string>());
        var count = element.GetArrayLength();
        if (count == 0 || count > maxItems) return Error(name, $"must hold 1-{maxItems} strings", Array.Empty<string>());
        var values = new List<string>(count);
        foreach (var item in element.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (value is null || value.Length == 0 || value.Length > maxLength || value.Any(char.IsControl))
                return Error(name, $"must hold strings of 1-{maxLength} characters without control characters", Array.Empty<string>());
            values.Add(value);
        }
        return values;
    }

    /// <summary>
    /// Labels: a JSON object of string values within <see cref="ClientMetadata"/>'s bounds, each key once; null when absent
    /// or <c>{}</c>. What is wrong is told under <paramref name="name"/>, naming the key.
    /// </summary>
    public ClientMetadata? Metadata(string name)
    {
        if (Find(name) is not { } element) return null;
        if (element.ValueKind != JsonValueKind.Object) return Error<ClientMetadata>(name, "must be an object of string keys to string values");
        var pairs = element.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null));
        return ClientMetadata.Read(pairs, out var metadata) is { } problem ? Error<ClientMetadata>(name, problem) : metadata;
    }

    /// <summary>A money amount as a JSON number or a decimal string; parsed exactly, never via double.</summary>
    public decimal Amount(string name, bool required, bool allowZero)
    {
        if (Find(name) is not { } element)
        {
            if (required) _errors[name] = "is required";
            return 0m;
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => element.GetString()!,
            _ => null,
        };
        if (text is null) return Error(name, "must be a number or a decimal string", 0m);
        if (!AmountParser.TryParse(text, out var amount, out var problem)) return Error(name, problem, 0m);
        if (amount < 0 || (amount == 0 && !allowZero))
            return Error(name, allowZero ? "must not be negative" : "must be greater than zero", 0m);
        return amount;
    }

    public bool? OptionalBool(string name)
    {
        if (Find(name) is not { } element) return null;
        return element.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? element.GetBoolean()
            : Error<bool?>(name, "must be true or false", null);
    }

    /// <summary>Records a problem with a field that was read well but is wrong with the rest of the body; the first problem named stays.</summary>
    public void Refuse(string name, string message) => _errors.TryAdd(name, message);

    public long? OptionalInt64(string name, long min, long max)
    {
        if (Find(name) is not { } element) return null;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
            return Error<long?>(name, "must be an integer", null);
        if (value < min || value > max) return Error<long?>(name, $"must be between {min} and {max}", null);
        return value;
    }

    /// <summary>
    /// A required array of 1 to <paramref name="maxItems"/> elements, each left to the caller to read (an empty list
    /// when absent or invalid).
    /// </summary>
    public IReadOnlyList<JsonElement> RequiredArray(string name, int maxItems)
    {
        if (Find(name) is not { } element) return Error(name, "is required", Array.Empty<JsonElement>());
        if (element.ValueKind != JsonValueKind.Array) return Error(name, "must be an array", Array.Empty<JsonElement>());
        var count = element.GetArrayLength();
        if (count == 0) return Error(name, "must not be empty", Array.Empty<JsonElement>());
        if (count > maxItems) return Error(name, $"has {count} items; at most {maxItems} are accepted", Array.Empty<JsonElement>());
        return [.. element.EnumerateArray()];
    }

    /// <summary>After every field was read: the problem to answer with, or null when the body is valid.</summary>
    public Problem? Invalid()
    {
        foreach (var name in _fields.Keys.Where(n => !_read.Contains(n))) _errors.TryAdd(name, "is not a known field");
        if (_errors.Count == 0) return null;
        var detail = string.Join("; ", _errors.Select(e => $"{e.Key} {e.Value}"));
        return Problems.ValidationFailed(detail, _errors);
    }

    /// <summary>The field's value, or null when absent or JSON null (both mean "not given").</summary>
    private JsonElement? Find(string name)
    {
        _read.Add(name);
        return _fields.TryGetValue(name, out var element) && element.ValueKind != JsonValueKind.Null ? element : null;
    }

    private T? Error<T>(string name, string message) where T : class => Error<T?>(name, message, null);

    private T Error<T>(string name, string message, T fallback)
    {
        _errors.TryAdd(name, message);
        return fallback;
    }
}
