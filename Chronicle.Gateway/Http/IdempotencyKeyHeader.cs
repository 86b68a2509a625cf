namespace Chronicle.Gateway.Http;

/// <summary>The optional Idempotency-Key header: 1-255 printable ASCII characters.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const int MaxLength = 255;

    /// <summary>Null key and null problem when absent; a problem when present but malformed.</summary>
    public static (string? Key, IResult? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Name, out var values)) return (null, null);
        if (values.Count != 1) return (null, Problems.Validation($"send one {Name} header"));
        var key = values[0] ?? "";
        if (key.Length is 0 or > MaxLength || key.Any(c => c is < '!' or > '~' && c != ' '))
            return (null, Problems.Validation($"{Name} must be 1-{MaxLength} printable ASCII characters"));
        return (key, null);
    }
}
