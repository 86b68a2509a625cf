using System.Text.Json.Serialization;
using Chronicle.Contracts.Accounts;
using Chronicle.Contracts.Transfers;
using Chronicle.Domain.Accounts;
using Chronicle.Domain.Transfers;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// Source-generated JSON for everything the ledger stores or sends between nodes. snake_case,
/// so the journal's payloads read the same as the HTTP API and the change feed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AccountCreated))]
[JsonSerializable(typeof(MoneyDeposited))]
[JsonSerializable(typeof(MoneyWithdrawn))]
[JsonSerializable(typeof(TransferDebited))]
[JsonSerializable(typeof(TransferCredited))]
[JsonSerializable(typeof(TransferRefunded))]
[JsonSerializable(typeof(DebitForTransfer))]
[JsonSerializable(typeof(CreditForTransfer))]
[JsonSerializable(typeof(RefundTransfer))]
[JsonSerializable(typeof(AccountFrozen))]
[JsonSerializable(typeof(AccountUnfrozen))]
[JsonSerializable(typeof(AccountClosed))]
[JsonSerializable(typeof(FreezeAccount))]
[JsonSerializable(typeof(UnfreezeAccount))]
[JsonSerializable(typeof(CloseAccount))]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(StoredAccountStateReply))]
[JsonSerializable(typeof(TransferInitiated))]
[JsonSerializable(typeof(TransferSourceDebited))]
[JsonSerializable(typeof(TransferCompleted))]
[JsonSerializable(typeof(TransferRefundStarted))]
[JsonSerializable(typeof(TransferFailed))]
[JsonSerializable(typeof(StartTransfer))]
[JsonSerializable(typeof(GetTransfer))]
[JsonSerializable(typeof(ResumeTransfer))]
[JsonSerializable(typeof(TransferStateReply))]
[JsonSerializable(typeof(CreateAccount))]
[JsonSerializable(typeof(DepositMoney))]
[JsonSerializable(typeof(WithdrawMoney))]
[JsonSerializable(typeof(GetAccountState))]
[JsonSerializable(typeof(WriteAccepted))]
[JsonSerializable(typeof(CommandRejected))]
public sealed partial class LedgerJsonContext : JsonSerializerContext;
