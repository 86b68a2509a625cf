using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Reads a request body as one JSON object, strictly: bounded size and depth, no comments or
/// trailing commas, no duplicate or unknown fields. Anything else is a 4xx problem, never a 5xx.
/// </summary>
internal static class JsonBody
{
    /// <summary>
    /// Reads the body and takes its fields with <paramref name="read"/> (which binds them: <see cref="RequestFields.Bind{T}"/>):
    /// the value, or the problem to answer with (the body's, or the fields' own: missing, invalid, unknown).
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadFieldsAsync<T>(HttpRequest request, Func<RequestFields, T?> read)
        where T : class
    {
        var (document, bodyProblem) = await ReadAsync(request);
        if (bodyProblem is not null) return (null, bodyProblem);

        using (document)
        {
            var fields = new RequestFields(document!.RootElement);
            var value = read(fields);
            return fields.Invalid() is { } invalid ? (null, Problems.Result(invalid)) : (value, null);
        }
    }

    /// <summary>Returns the parsed document, or the problem to answer with (size and depth bounded by <see cref="RequestLimits"/>, the size per route: <see cref="BodyLimit"/>).</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var limits = request.HttpContext.RequestServices.GetRequiredService<RequestLimits>();
        var maxBytes = BodyLimit.Of(request.HttpContext, limits);
        if (request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType());
        // A declared Content-Length above the limit never gets here (RequestHeadLimits); a chunked body may.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            try
            {
                while (length <= maxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length))) > 0)
                    length += read;
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's own refusal of the body: broken chunking, a client too slow, over its limit.
                return (null, Problems.Result(Problems.ForStatus(e.StatusCode)));
            }
            if (length > maxBytes)
            {
                // The rest of the body stays unread: the connection cannot carry another request after it.
                request.HttpContext.Response.Headers.Connection = "close";
                return (null, Problems.Result(Problems.BodyTooLarge(maxBytes)));
            }
            if (length == 0) return (null, Problems.Validation("the request body is empty; send a JSON object"));
            // The parser checks the JSON's structure, not the UTF-8 inside its strings: a broken sequence
            // would only surface when a field is read, as an exception.
            if (!Utf8.IsValid(buffer.AsSpan(0, length))) return (null, Problems.Validation("the request body is not valid UTF-8"));

            try
            {
                // A document reads the bytes it was parsed from for as long as it lives, and the buffer goes back to the pool
                // below, to the next request's body: the document gets a copy of its own.
                var document = JsonDocument.Parse(buffer.AsSpan(0, length).ToArray(), new JsonDocumentOptions
                {
                    MaxDepth = limits.MaxJsonDepth,
                    AllowTrailingCommas = false,
                    CommentHandling = JsonCommentHandling.Disallow,
                });
                if (document.RootElement.ValueKind == JsonValueKind.Object && HasOnlyText(document.RootElement)) return (document, null);
                var isObject = document.RootElement.ValueKind == JsonValueKind.Object;
                document.Dispose();
                return (null, Problems.Validation(isObject
                    ? "the request body holds a \\u escape of half a surrogate pair, which is no text; send the whole pair"
                    : "the request body must be a JSON object"));
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

    /// <summary>
    /// Whether every name and string in <paramref name="element"/> is text. The parser takes "\ud800" (half a surrogate pair) as
    /// well-formed JSON, and only reading it as a string fails: checked once here, so no field's reader meets it.
    /// </summary>
    private static bool HasOnlyText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                        if (property.Name is null || !HasOnlyText(property.Value)) return false;
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                        if (!HasOnlyText(item)) return false;
                    return true;
                case JsonValueKind.String:
                    return element.GetString() is not null;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
