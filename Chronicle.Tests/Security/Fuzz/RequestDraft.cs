using System.Text;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>A request being made hostile: a valid shape first, then defects applied one by one.</summary>
public sealed class RequestDraft(string method, string path)
{
    public string Method { get; set; } = method;

    public string Path { get; set; } = path;

    public string Query { get; set; } = "";

    /// <summary>The body as ordered (name, raw JSON value) pairs; a name may repeat.</summary>
    public List<KeyValuePair<string, string>> Fields { get; } = [];

    /// <summary>Sent instead of <see cref="Fields"/> when set.</summary>
    public byte[]? RawBody { get; set; }

    public bool HasBody { get; set; }

    public string? ContentType { get; set; } = "application/json";

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public void SetHeader(string name, string value)
    {
        Headers.RemoveAll(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
        Headers.Add(new(name, value));
    }

    public void Set(string field, string rawJson)
    {
        var index = Fields.FindIndex(f => f.Key == field);
        if (index < 0) Fields.Add(new(field, rawJson));
        else Fields[index] = new(field, rawJson);
    }

    public HostileRequest Build(string kind, bool mustBeRefused)
    {
        var body = !HasBody ? null
            : RawBody ?? Encoding.UTF8.GetBytes("{" + string.Join(",", Fields.Select(f => HostileValues.Str(f.Key) + ":" + f.Value)) + "}");
        return new HostileRequest(kind, Method, Path + Query, [.. Headers], body, HasBody ? ContentType : null, mustBeRefused);
    }
}
