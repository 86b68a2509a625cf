using System.Text.Json.Serialization;
using Chronicle.Gateway.Queries;

namespace Chronicle.Gateway.Dashboard;

/// <summary>Source-generated JSON of the dashboard's routes: snake_case like the rest of the API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LiveEvent))]
[JsonSerializable(typeof(StreamReady))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(AccountSearchResponse))]
[JsonSerializable(typeof(AccountResponse))]
public sealed partial class DashboardJson : JsonSerializerContext;
