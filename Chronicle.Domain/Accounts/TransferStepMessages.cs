namespace Chronicle.Domain.Accounts;

/// <summary>
/// The account commands a transfer saga sends, one per step. Each is idempotent under a key made
/// of the transfer id and the step, so a step repeated after a crash is applied once. The keys
/// start with a character no client can send (Idempotency-Key headers are printable ASCII), so a
/// client's key can never collide with a saga's.
/// </summary>
internal static class TransferStepKey
{
    public static string For(string transferId, string step) => $"⇄{transferId}:{step}";
}

public sealed record DebitForTransfer(string AccountId, string TransferId, decimal Amount, string ToAccountId, string? Description)
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
    string? Description) : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "credit");
}

public sealed record RefundTransfer(string AccountId, string TransferId, decimal Amount, string Reason) : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "refund");
}
