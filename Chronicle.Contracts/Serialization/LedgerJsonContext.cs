using System.Text.Json.Serialization;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain;
using Chronicle.Domain.Accounts;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// Source-generated JSON for everything the ledger stores or sends between nodes. snake_case,
/// so the journal's payloads read the same as the HTTP API and the change feed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(ClientMetadataJsonConverter)])]
[JsonSerializable(typeof(AccountCreated))]
[JsonSerializable(typeof(TransferSent))]
[JsonSerializable(typeof(TransferHeld))]
[JsonSerializable(typeof(HoldPosted))]
[JsonSerializable(typeof(HoldReleased))]
[JsonSerializable(typeof(TransferSettled))]
[JsonSerializable(typeof(TransferReturned))]
[JsonSerializable(typeof(HoldRefused))]
[JsonSerializable(typeof(HoldReleaseConfirmed))]
[JsonSerializable(typeof(IncomingHoldOpened))]
[JsonSerializable(typeof(IncomingHoldReleased))]
[JsonSerializable(typeof(OpenIncomingHold))]
[JsonSerializable(typeof(ReleaseIncomingHold))]
[JsonSerializable(typeof(SendTransfer))]
[JsonSerializable(typeof(PostTransfer))]
[JsonSerializable(typeof(VoidTransfer))]
[JsonSerializable(typeof(GetOpenTransfer))]
[JsonSerializable(typeof(TransferNotOpen))]
[JsonSerializable(typeof(ResumeTransfers))]
[JsonSerializable(typeof(TransferOutcome))]
[JsonSerializable(typeof(MoneyDeposited))]
[JsonSerializable(typeof(MoneyWithdrawn))]
[JsonSerializable(typeof(TransferCredited))]
[JsonSerializable(typeof(CreditForTransfer))]
[JsonSerializable(typeof(AccountFrozen))]
[JsonSerializable(typeof(AccountUnfrozen))]
[JsonSerializable(typeof(AccountClosed))]
[JsonSerializable(typeof(OverdraftLimitSet))]
[JsonSerializable(typeof(FreezeAccount))]
[JsonSerializable(typeof(UnfreezeAccount))]
[JsonSerializable(typeof(CloseAccount))]
[JsonSerializable(typeof(SetOverdraftLimit))]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(StoredAccountStateReply))]
[JsonSerializable(typeof(StoredTracedCommand))]
[JsonSerializable(typeof(CreateAccount))]
[JsonSerializable(typeof(DepositMoney))]
[JsonSerializable(typeof(WithdrawMoney))]
[JsonSerializable(typeof(GetAccountState))]
[JsonSerializable(typeof(WriteAccepted))]
[JsonSerializable(typeof(CommandRejected))]
[JsonSerializable(typeof(ClientMetadata))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
