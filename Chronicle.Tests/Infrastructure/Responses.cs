using System.Net.Http.Json;
using System.Text.Json;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Small readers of HTTP answers and their JSON bodies, for the tests' assertions.</summary>
public static class Responses
{
    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static string? Str(this JsonElement element, string name) => element.GetProperty(name).GetString();

    public static long Int(this JsonElement element, string name) => element.GetProperty(name).GetInt64();

    public static JsonElement[] Items(this JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray()];
}
