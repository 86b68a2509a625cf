using System.Text.Json.Serialization;
using Chronicle.Contracts.Admin;

namespace Chronicle.Client.Http;

/// <summary>Source-generated JSON for every body the client sends and reads: snake_case, nulls left out, money as decimal strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(DecimalStringConverter)])]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(DepositRequest))]
[JsonSerializable(typeof(WithdrawRequest))]
[JsonSerializable(typeof(FreezeAccountRequest))]
[JsonSerializable(typeof(UnfreezeAccountRequest))]
[JsonSerializable(typeof(CloseAccountRequest))]
[JsonSerializable(typeof(SetOverdraftLimitRequest))]
[JsonSerializable(typeof(TransferRequest))]
[JsonSerializable(typeof(PostTransferRequest))]
[JsonSerializable(typeof(VoidTransferRequest))]
[JsonSerializable(typeof(AccountCreatedResponse))]
[JsonSerializable(typeof(MoneyMovedResponse))]
[JsonSerializable(typeof(AccountChangedResponse))]
[JsonSerializable(typeof(TransferRecordedResponse))]
[JsonSerializable(typeof(TransferPostedResponse))]
[JsonSerializable(typeof(TransferVoidedResponse))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(AccountsResponse))]
[JsonSerializable(typeof(TransactionsResponse))]
[JsonSerializable(typeof(TransferResponse))]
[JsonSerializable(typeof(TransfersResponse))]
[JsonSerializable(typeof(BalanceAtResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(EventsResponse))]
[JsonSerializable(typeof(ChainReport))]
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
[JsonSerializable(typeof(RegisterWebhookRequest))]
[JsonSerializable(typeof(WebhookCreatedResponse))]
[JsonSerializable(typeof(WebhooksResponse))]
[JsonSerializable(typeof(WebhookDeliveriesResponse))]
[JsonSerializable(typeof(WebhookReplayResponse))]
[JsonSerializable(typeof(ChronicleProblem))]
internal sealed partial class ClientJson : JsonSerializerContext;
