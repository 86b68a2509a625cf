using Chronicle.Domain;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Typed, validating access to a request's query string, like <see cref="RequestFields"/> for bodies:
/// each read records what is wrong instead of throwing, and <see cref="Problem"/> reports every
/// error at once, including parameters given twice or that no read asked for (a typo such as
/// <c>?limt=5</c> must not be silently ignored).
/// </summary>
internal sealed class QueryFields(IQueryCollection query)
{
    public const string LimitName = "limit";

    private readonly List<string> _read = new(4);
    private Dictionary<string, string>? _errors;

    /// <summary>Whether <see cref="MetadataFilter"/> read the <c>metadata[KEY]</c> parameters.</summary>
    private bool _metadataRead;

    /// <summary>A page size: <paramref name="fallback"/> when absent, otherwise 1 to <paramref name="max"/>.</summary>
    public int Limit(int fallback, int max) => (int)(Int64(LimitName, 1, max) ?? fallback);

    /// <summary>A position to page from (a version or a journal sequence): a non-negative integer, or null when absent.</summary>
    public long? Cursor(string name) => Int64(name, 0, long.MaxValue);

    /// <summary>One of <paramref name="allowed"/>, or null when absent.</summary>
    public string? OneOf(string name, IReadOnlyList<string> allowed)
    {
        if (Find(name) is not { } value) return null;
        if (allowed.Contains(value, StringComparer.Ordinal)) return value;
        return Error(name, $"must be one of {string.Join(", ", allowed)}");
    }

    /// <summary>An account id (or what may start one), as <see cref="AccountIdAttribute"/> has it in a body; null when absent.</summary>
    public string? AccountId(string name)
    {
        if (Find(name) is not { } value) return null;
        return EntityIds.IsValid(value) ? value : Error(name, "must be " + EntityIds.InWords);
    }

    /// <summary>A required instant: ISO 8601 with an explicit zone (<see cref="IsoInstant"/>).</summary>
    public DateTimeOffset RequiredInstant(string name)
    {
        if (Find(name) is not { } text)
        {
            if (!query.ContainsKey(name)) Error(name, "is required");
            return default;
        }
        if (IsoInstant.TryParse(text, out var instant)) return instant;
        Error(name, "must be " + IsoInstant.Expected);
        return default;
    }

    /// <summary>
    /// The labels <c>metadata[KEY]=VALUE</c> parameters ask for, all of them at once (each key once); null when there are none.
    /// Read from the raw query string, where a name keeps its case: <c>metadata[a]</c> and <c>metadata[A]</c> are two keys,
    /// which the parsed query, whose names match whatever their case, would take for one. A malformed one is told under
    /// <c>metadata</c>.
    /// </summary>
    public ClientMetadata? MetadataFilter(QueryString raw)
    {
        _metadataRead = true;
        var name = MetadataFieldAttribute.Name;
        var pairs = new List<(string Key, string? Value)>();
        foreach (var pair in new QueryStringEnumerable(raw.Value))
        {
            var parameter = pair.DecodeName().ToString();
            if (!IsMetadata(parameter)) continue;
            var value = pair.DecodeValue().ToString();
            if (parameter.Length == name.Length)
                return value.Length == 0 ? Error<ClientMetadata>(name, "is empty") : Error<ClientMetadata>(name, $"must be given as {name}[KEY]=VALUE");
            if (parameter[name.Length] != '[' || parameter[^1] != ']') return Error<ClientMetadata>(name, $"must be given as {name}[KEY]=VALUE");
            pairs.Add((parameter[(name.Length + 1)..^1], value));
        }
        return ClientMetadata.Read(pairs, out var filter) is { } problem ? Error<ClientMetadata>(name, problem) : filter;
    }

    /// <summary><c>metadata</c> itself or one of its <c>metadata[KEY]</c> (names match whatever their case, as ASP.NET's do).</summary>
    private static bool IsMetadata(string parameter) =>
        parameter.StartsWith(MetadataFieldAttribute.Name, StringComparison.OrdinalIgnoreCase) &&
        (parameter.Length == MetadataFieldAttribute.Name.Length || parameter[MetadataFieldAttribute.Name.Length] == '[');

    /// <summary>Records a problem found outside the query string proper (a header that stands in for a parameter).</summary>
    public void Reject(string name, string message) => Error(name, message);

    /// <summary>After every parameter was read: the problem to answer with, or null when the query is valid.</summary>
    public IResult? Problem()
    {
        foreach (var name in query.Keys)
        {
            // Query parameter names match case-insensitively (as ASP.NET looks them up).
            if (!_read.Contains(name, StringComparer.OrdinalIgnoreCase) && !(_metadataRead && IsMetadata(name))) Error(name, "is not a known query parameter");
        }
        if (_errors is null) return null;
        return Problems.Validation(string.Join("; ", _errors.Select(e => $"{e.Key} {e.Value}")), _errors);
    }

    private long? Int64(string name, long min, long max)
    {
        if (Find(name) is not { } text) return null;
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            return ErrorInt64(name, "must be an integer");
        if (value < min || value > max) return ErrorInt64(name, $"must be between {min} and {max}");
        return value;
    }

    /// <summary>The parameter's single value, or null when absent; a repeated or empty one is an error.</summary>
    private string? Find(string name)
    {
        _read.Add(name);
        if (!query.TryGetValue(name, out StringValues values)) return null;
        if (values.Count != 1) return Error(name, "appears more than once");
        if (string.IsNullOrEmpty(values[0])) return Error(name, "is empty");
        return values[0];
    }

    private long? ErrorInt64(string name, string message)
    {
        Error(name, message);
        return null;
    }

    private string? Error(string name, string message) => Error<string>(name, message);

    private T? Error<T>(string name, string message) where T : class
    {
        (_errors ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)).TryAdd(name, message);
        return null;
    }
}
