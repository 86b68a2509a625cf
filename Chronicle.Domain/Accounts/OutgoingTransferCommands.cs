namespace Chronicle.Domain.Accounts;

/// <summary>
/// Start a transfer from this (the source) account: a plain one (the amount leaves now and is credited to the
/// target) or, with <see cref="Hold"/>, a hold to be posted or voided later, or to expire after
/// <see cref="TimeoutSeconds"/>. <see cref="IdempotencyKey"/> is the client's (scoped) key or, without one,
/// the transfer's own (<see cref="TransferStart.KeyOf"/>), so one transfer id is one request.
/// </summary>
public sealed record SendTransfer(
    string AccountId,
    string TransferId,
    string ToAccountId,
    decimal Amount,
    string? Description,
    bool Hold,
    int? TimeoutSeconds,
    string? IdempotencyKey,
    ClientMetadata? Metadata = null) : IAccountCommand;

/// <summary>Post a hold of this account: credit the target with <see cref="Amount"/> (default: all of it), release the rest.</summary>
public sealed record PostTransfer(string AccountId, string TransferId, decimal? Amount, string? IdempotencyKey) : IAccountCommand;

/// <summary>Void a hold of this account: the whole amount is available again.</summary>
public sealed record VoidTransfer(string AccountId, string TransferId, string? IdempotencyKey) : IAccountCommand;

/// <summary>The key a transfer's start is recorded under when the client sent none.</summary>
public static class TransferStart
{
    public static string KeyOf(string transferId) => TransferStepKey.For(transferId, "start");
}
