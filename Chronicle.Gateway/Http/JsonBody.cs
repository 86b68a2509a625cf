using System.Buffers;
using System.Text.Json;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Reads a request body as one JSON object, strictly: bounded size and depth, no comments or
/// trailing commas, no duplicate or unknown fields. Anything else is a 4xx problem, never a 5xx.
/// </summary>
public static class JsonBody
{
    /// <summary>A command is a handful of short fields; 64 KiB is far above any honest one.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxDepth = 8;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>Returns the parsed document, or the problem to answer with.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        if (request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType());
        if (request.ContentLength > MaxBytes) return (null, Problems.TooLarge(MaxBytes));

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= MaxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length))) > 0)
                length += read;
            if (length > MaxBytes) return (null, Problems.TooLarge(MaxBytes));
            if (length == 0) return (null, Problems.Validation("the request body is empty; send a JSON object"));

            try
            {
                var document = JsonDocument.Parse(buffer.AsMemory(0, length), Options);
                if (document.RootElement.ValueKind == JsonValueKind.Object) return (document, null);
                document.Dispose();
                return (null, Problems.Validation("the request body must be a JSON object"));
            }
            catch (JsonException e)
            {
                return (null, Problems.Validation($"the request body is not valid JSON: {e.Message}"));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
