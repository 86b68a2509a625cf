using System.Text.Json.Serialization;
using Chronicle.Actors.Accounts;

namespace Chronicle.Actors.Serialization;

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
[JsonSerializable(typeof(AccountFrozen))]
[JsonSerializable(typeof(AccountUnfrozen))]
[JsonSerializable(typeof(AccountClosed))]
[JsonSerializable(typeof(FreezeAccount))]
[JsonSerializable(typeof(UnfreezeAccount))]
[JsonSerializable(typeof(CloseAccount))]
[JsonSerializable(typeof(AccountSnapshot))]
[JsonSerializable(typeof(CreateAccount))]
[JsonSerializable(typeof(DepositMoney))]
[JsonSerializable(typeof(WithdrawMoney))]
[JsonSerializable(typeof(GetAccountState))]
[JsonSerializable(typeof(WriteAccepted))]
[JsonSerializable(typeof(CommandRejected))]
public sealed partial class LedgerJsonContext : JsonSerializerContext;
