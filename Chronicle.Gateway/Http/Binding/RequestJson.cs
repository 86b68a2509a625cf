using System.Text.Json;
using System.Text.Json.Serialization;
using Chronicle.Contracts.Admin;
using Chronicle.Gateway.Admin.Webhooks;
using Chronicle.Gateway.Commands;
using Chronicle.Gateway.Commands.Batch;

namespace Chronicle.Gateway.Http;

/// <summary>
/// Source-generated JSON for every request body, strict: snake_case names matched exactly (no other case), an unknown
/// field or one given twice refused, numbers only as numbers, every decimal money (<see cref="MoneyConverter"/>) and
/// labels as <see cref="MetadataConverter"/> reads them, a batch's commands as <see cref="BatchCommandConverter"/> does. <see cref="RequestFields"/> binds with it and tells the client
/// what is wrong, field by field.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    Converters = [typeof(MoneyConverter), typeof(MetadataConverter), typeof(BatchCommandConverter)])]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(SetOverdraftLimitRequest))]
[JsonSerializable(typeof(MoneyMovementRequest))]
[JsonSerializable(typeof(AccountStatusRequest))]
[JsonSerializable(typeof(UnfreezeAccountRequest))]
[JsonSerializable(typeof(TransferRequest))]
[JsonSerializable(typeof(PostTransferRequest))]
[JsonSerializable(typeof(VoidTransferRequest))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(WebhookRegistration))]
[JsonSerializable(typeof(MemberRequest))]
internal sealed partial class RequestJson : JsonSerializerContext;
