using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chronicle.Contracts.Admin;
using Chronicle.Contracts.Http;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Commands.Batch;
using Chronicle.Gateway.Dashboard;
using Chronicle.Gateway.Queries;

namespace Chronicle.Gateway.Http;

/// <summary>Source-generated JSON for every HTTP response body: snake_case, as the API contract says.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(AccountCreatedResponse))]
[JsonSerializable(typeof(MoneyMovedResponse))]
[JsonSerializable(typeof(AccountChangedResponse))]
[JsonSerializable(typeof(TransferRecordedResponse))]
[JsonSerializable(typeof(TransferRunningResponse))]
[JsonSerializable(typeof(TransferPostedResponse))]
[JsonSerializable(typeof(TransferVoidedResponse))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(TransferResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(TransactionsResponse))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(AccountEventsResponse))]
[JsonSerializable(typeof(TransfersResponse))]
[JsonSerializable(typeof(BalanceAtResponse))]
[JsonSerializable(typeof(ChainReport))]
[JsonSerializable(typeof(ChainsResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ProjectorReportResponse))]
[JsonSerializable(typeof(VerifyResponse))]
[JsonSerializable(typeof(RebuildAcceptedResponse))]
[JsonSerializable(typeof(DeadLetterReplayResponse))]
[JsonSerializable(typeof(WebhookCreatedResponse))]
[JsonSerializable(typeof(WebhooksResponse))]
[JsonSerializable(typeof(WebhookDeliveriesResponse))]
[JsonSerializable(typeof(WebhookReplayResponse))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(MemberActionResponse))]
[JsonSerializable(typeof(ShardingResponse))]
[JsonSerializable(typeof(ShardTypeResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(AccountsResponse))]
[JsonSerializable(typeof(StreamReady))]
[JsonSerializable(typeof(LiveEvent))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context every response is written with: as generated, but without escaping quotes,
    /// apostrophes and non-ASCII letters (bodies are JSON, never embedded in HTML).
    /// </summary>
    public static ApiJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

internal sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string>? Checks = null);
