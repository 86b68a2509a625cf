using System.Buffers;
using System.Text.Json;
using Chronicle.Gateway.Security;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Reads a request body as one JSON object, strictly: bounded size and depth, no comments or
/// trailing commas, no duplicate or unknown fields. Anything else is a 4xx problem, never a 5xx.
/// </summary>
public static class JsonBody
{
    /// <summary>Returns the parsed document, or the problem to answer with (size and depth bounded by <see cref="RequestLimits"/>).</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadAsync(HttpRequest request)
    {
        var limits = request.HttpContext.RequestServices.GetRequiredService<RequestLimits>();
        var maxBytes = limits.MaxBodyBytes;
        if (request.ContentType is { } contentType && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedMediaType());
        if (request.ContentLength > maxBytes) return (null, Problems.TooLarge(maxBytes));

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
            if (length > maxBytes) return (null, Problems.TooLarge(maxBytes));
            if (length == 0) return (null, Problems.Validation("the request body is empty; send a JSON object"));

            try
            {
                var document = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions
                {
                    MaxDepth = limits.MaxJsonDepth,
                    AllowTrailingCommas = false,
                    CommentHandling = JsonCommentHandling.Disallow,
                });
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
