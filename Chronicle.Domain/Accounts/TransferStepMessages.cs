namespace Chronicle.Domain.Accounts;

/// <summary>
/// The account commands a transfer saga sends, one per step. Each is idempotent under a key made
/// of the transfer id and the step, so a step repeated after a crash is applied once. Exactly once by
/// construction, not by the size of a memory: the saga sends a step for the first time only once
/// (the write that made it due was this incarnation's own), and marks every other send IsResend, which
/// the account checks against the durable record when its bounded memory has forgotten the key. The keys
/// start with a character no client can send (Idempotency-Key headers are printable ASCII), so a
/// client's key can never collide with a saga's.
/// </summary>
internal static class TransferStepKey
{
    public static string For(string transferId, string step) => $"⇄{transferId}:{step}";
}

public sealed record DebitForTransfer(string AccountId, string TransferId, decimal Amount, string ToAccountId, string? Description, bool IsResend)
    : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "debit");
}

public sealed record CreditForTransfer(
    string AccountId,
    string TransferId,
    decimal Amount,
    string CurrencyCode,
    string FromAccountId,
    string? Description,
    bool IsResend) : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "credit");
}

public sealed record RefundTransfer(string AccountId, string TransferId, decimal Amount, string Reason, bool IsResend) : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "refund");
}
