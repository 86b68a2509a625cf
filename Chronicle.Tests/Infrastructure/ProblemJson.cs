using System.Net.Http.Json;
using System.Text.Json;

namespace Chronicle.Tests.Infrastructure;

/// <summary>What every refusal must be: RFC 9457 problem+json with the API's fields, its status inside.</summary>
public static class ProblemJson
{
    /// <summary>The fields every problem carries as non-empty strings, beside its numeric status.</summary>
    public static readonly IReadOnlyList<string> RequiredFields = ["type", "title", "detail", "code", "error"];

    /// <summary>Asserts <paramref name="response"/> is a well-formed problem with <paramref name="status"/>; returns its body.</summary>
    public static async Task<JsonElement> AssertAsync(HttpResponseMessage response, int status, string? code = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        foreach (var field in RequiredFields)
            Assert.False(string.IsNullOrEmpty(problem.GetProperty(field).GetString()), $"problem without {field}: {problem}");
        if (code is not null) Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
