using System.Text.Json.Serialization;
using Chronicle.Contracts.Admin;
using Chronicle.Contracts.Http;

namespace Chronicle.Cli;

/// <summary>The node's JSON (snake_case), source-generated for the contract types the CLI reads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ProjectorReportResponse))]
[JsonSerializable(typeof(VerifyResponse))]
[JsonSerializable(typeof(ChainsResponse))]
[JsonSerializable(typeof(RebuildAcceptedResponse))]
[JsonSerializable(typeof(DeadLetterReplayResponse))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(MemberRequest))]
[JsonSerializable(typeof(MemberActionResponse))]
[JsonSerializable(typeof(ShardingResponse))]
[JsonSerializable(typeof(ShardTypeResponse))]
[JsonSerializable(typeof(Problem))]
internal sealed partial class CliJson : JsonSerializerContext;
