using System.Text;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>
/// One generated request. <see cref="MustBeRefused"/>: it carries a defect the API must refuse (every
/// write the fuzzer sends does), so any 2xx to it is a failure; reads may succeed.
/// </summary>
public sealed record HostileRequest(
    string Kind,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    bool MustBeRefused)
{
    /// <summary>
    /// Kestrel refuses an encoded NUL in the path itself, before any of the node's code runs, with a
    /// bare 400 (no body): the one refusal that cannot be problem+json. (In the query it passes.)
    /// </summary>
    public bool RefusedByKestrel => Target.Split('?')[0].Contains("%00", StringComparison.Ordinal);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Target);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    /// <summary>For a failure message: enough to see what was sent, bounded.</summary>
    public override string ToString()
    {
        var headers = string.Join("; ", Headers.Select(h => $"{h.Key}: {Bound(h.Value)}"));
        var body = Body is null ? "(none)" : Bound(Encoding.UTF8.GetString(Body));
        return $"[{Kind}] {Method} {Bound(Target)} headers {{{headers}}} content-type {ContentType ?? "(none)"} body {body}";
    }

    private static string Bound(string text) => text.Length <= 300 ? text : text[..300] + $"... ({text.Length} chars)";
}
