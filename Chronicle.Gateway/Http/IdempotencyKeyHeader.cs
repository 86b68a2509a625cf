using System.Text.RegularExpressions;

namespace Chronicle.Gateway.Http;

/// <summary>
/// The optional Idempotency-Key header: 1-255 printable ASCII characters. A batch's commands carry theirs as the
/// field <c>idempotency_key</c>, under the same rule (<see cref="Printable"/>, <see cref="MaxLength"/>).
/// </summary>
internal static partial class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Printable ASCII, space included: what a key is made of.</summary>
    [GeneratedRegex(@"^[ -~]+\z", RegexOptions.CultureInvariant)]
    public static partial Regex Printable();

    /// <summary>Null key and null problem when absent; a problem when present but malformed.</summary>
    public static (string? Key, IResult? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Name, out var values)) return (null, null);
        if (values.Count != 1) return (null, Problems.Validation($"send one {Name} header"));
        var key = values[0] ?? "";
        if (key.Length is 0 or > MaxLength || !Printable().IsMatch(key))
            return (null, Problems.Validation($"{Name} must be 1-{MaxLength} printable ASCII characters"));
        return (key, null);
    }
}
