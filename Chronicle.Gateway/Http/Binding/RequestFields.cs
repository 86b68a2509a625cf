using System.Buffers;
using System.Collections.Concurrent;
using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Chronicle.Contracts.Http;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Binds one JSON object to a request record (<see cref="Bind{T}"/>, with <see cref="RequestJson"/>) and collects what is
/// wrong with it field by field instead of stopping at the first: a field given twice, one no record knows, one missing,
/// of the wrong type, or refused by its property's attributes (<see cref="TextFormatAttribute"/>, <see cref="StringLengthAttribute"/>,
/// <see cref="MoneyAttribute"/>, <see cref="RangeAttribute"/>, <see cref="MinLengthAttribute"/>, <see cref="MaxLengthAttribute"/>)
/// or the record's own <see cref="IRequestRules"/>. <see cref="Invalid"/> then tells them all at once, as a 400.
/// A JSON null is a field not given.
/// </summary>
internal sealed class RequestFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);

    public RequestFields(JsonElement obj)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!_fields.TryAdd(property.Name, property.Value)) _errors[property.Name] = "appears more than once";
        }
    }

    /// <summary>A record's property's name in a body.</summary>
    public static string NameOf(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);

    /// <summary>
    /// The fields <paramref name="type"/> has, bound to it; null when any of them is wrong (then told by <see cref="Invalid"/>).
    /// The fields it does not have are left for other reads, or refused as unknown.
    /// </summary>
    public T? Bind<T>(JsonTypeInfo<T> type) where T : class
    {
        var given = new List<(string Name, JsonElement Value)>(type.Properties.Count);
        foreach (var property in type.Properties)
        {
            if (Find(property.Name) is not { } element)
            {
                if (property.AssociatedParameter is { HasDefaultValue: false }) Refuse(property.Name, "is required");
            }
            else if (Problem(type.Options, property, element) is { } problem) Refuse(property.Name, problem);
            else given.Add((property.Name, element));
        }
        if (_errors.Count > 0) return null;

        // Each field was read well alone, so the record is too; the nulls (fields not given) and the fields of other reads left out.
        var request = JsonSerializer.Deserialize(Only(given).Span, type)!;
        if (request is IRequestRules rules)
        {
            foreach (var (field, message) in rules.Refusals()) Refuse(field, message);
        }
        return _errors.Count == 0 ? request : null;
    }

    /// <summary>A text field outside any record (a batch command's envelope), checked as <see cref="TextProblem"/> says; null when absent.</summary>
    public string? Text(string name, int maxLength, Func<string, bool>? matches = null, string? hint = null)
    {
        if (Find(name) is not { } element) return null;
        if (element.ValueKind != JsonValueKind.String) return Refused(name, "must be a string");
        var value = element.GetString()!;
        return TextProblem(value, maxLength, matches, hint) is { } problem ? Refused(name, problem) : value;
    }

    /// <summary>What is wrong with a text: its length, a control character, or its shape (<paramref name="matches"/>, told as <paramref name="hint"/>); null when nothing is.</summary>
    public static string? TextProblem(string value, int maxLength, Func<string, bool>? matches = null, string? hint = null)
    {
        if (value.Length == 0 || value.Length > maxLength) return $"must be 1-{maxLength} characters";
        if (value.Any(char.IsControl)) return "must not contain control characters";
        if (matches is not null && !matches(value)) return $"must be {hint}";
        return null;
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

    /// <summary>Records what is wrong with a field; the first thing named stays.</summary>
    private void Refuse(string name, string message) => _errors.TryAdd(name, message);

    private string? Refused(string name, string message)
    {
        Refuse(name, message);
        return null;
    }

    /// <summary>What is wrong with one field's value, read alone as its property's type; null when nothing is.</summary>
    private static string? Problem(JsonSerializerOptions options, JsonPropertyInfo property, JsonElement element)
    {
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(element, options.GetTypeInfo(property.PropertyType));
        }
        catch (FieldException e)
        {
            return e.Message;
        }
        catch (JsonException)
        {
            return Expected(property, element);
        }
        if (value is null) return null;
        foreach (var attribute in AttributesOf(property))
        {
            if (Refusal(attribute, value) is { } refusal) return refusal;
        }
        return null;
    }

    /// <summary>A property's attributes, read once: reflection makes new attribute objects at every call.</summary>
    private static object[] AttributesOf(JsonPropertyInfo property) =>
        Attributes.GetOrAdd(property, p => p.AttributeProvider?.GetCustomAttributes(inherit: false) ?? []);

    /// <summary>By property of the one <see cref="RequestJson"/> context: a fixed set, as many as the requests' properties.</summary>
    private static readonly ConcurrentDictionary<JsonPropertyInfo, object[]> Attributes = new();

    /// <summary>What a field of the property's type must be, when the value is of another JSON kind.</summary>
    private static string Expected(JsonPropertyInfo property, JsonElement element)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string)) return "must be a string";
        if (type == typeof(bool)) return "must be true or false";
        if (type == typeof(int) || type == typeof(long))
        {
            // An integer beyond the type's range is told the range the property allows.
            var range = property.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), inherit: false).OfType<RangeAttribute>().SingleOrDefault();
            return range is not null && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out _) ? Between(range) : "must be an integer";
        }
        return typeof(IEnumerable<string>).IsAssignableFrom(type) ? "must be an array of strings" : "must be an array";
    }

    /// <summary>What <paramref name="attribute"/> finds wrong with a field's well-typed value; null when nothing (or it checks nothing here).</summary>
    private static string? Refusal(object attribute, object value) => (attribute, value) switch
    {
        (TextFormatAttribute format, string text) => TextProblem(text, format.MaxLength, format.Matches, format.Hint) ?? format.Refusal(text),
        (StringLengthAttribute length, string text) => TextProblem(text, length.MaximumLength),
        (MoneyAttribute money, decimal amount) => money.Refusal(amount),
        (RangeAttribute range, _) => range.IsValid(value) ? null : Between(range),
        (MinLengthAttribute min, ICollection items) when items.Count < min.Length => items.Count == 0 ? "must not be empty" : $"must hold at least {min.Length} items",
        (MaxLengthAttribute max, ICollection items) when items.Count > max.Length => $"has {items.Count} items; at most {max.Length} are accepted",
        _ => null,
    };

    private static string Between(RangeAttribute range) => $"must be between {range.Minimum} and {range.Maximum}";

    private static ReadOnlyMemory<byte> Only(List<(string Name, JsonElement Value)> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
