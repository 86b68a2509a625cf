using System.Text.Json.Serialization;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Queries;

namespace Chronicle.Gateway.Http;

/// <summary>Source-generated JSON for every HTTP response body: snake_case, as the API contract says.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(AccountCreatedResponse))]
[JsonSerializable(typeof(MoneyMovedResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string>? Checks = null);
