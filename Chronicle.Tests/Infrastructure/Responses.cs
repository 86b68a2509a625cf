using System.Net.Http.Json;
using System.Text.Json;

namespace Chronicle.Tests.Infrastructure;

/// <summary>Small readers of HTTP answers and their JSON bodies, for the tests' assertions.</summary>
public static class Responses
{
    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>The status code and the body, as an assertion's message says what a request was answered.</summary>
    public static async Task<string> DescribeAsync(this HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public static string? Str(this JsonElement element, string name) => element.GetProperty(name).GetString();

    public static long Int(this JsonElement element, string name) => element.GetProperty(name).GetInt64();

    public static JsonElement[] Items(this JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray()];
}
