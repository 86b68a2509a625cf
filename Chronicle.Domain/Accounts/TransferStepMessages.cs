namespace Chronicle.Domain.Accounts;

/// <summary>
/// The keys of a transfer's own writes: its start when the client sent no key, and the target's credit.
/// They start with a character no client can send (Idempotency-Key headers are printable ASCII), so a
/// client's key can never collide with one.
/// </summary>
internal static class TransferStepKey
{
    public static string For(string transferId, string step) => $"⇄{transferId}:{step}";
}

/// <summary>
/// The credit a transfer's source asks of its target. Idempotent under the key (transfer id, "credit"), and
/// exactly once by construction, not by the size of a memory: the source sends it for the first time only
/// once, right after the write that put the transfer in flight, and marks every other send
/// <see cref="IsResend"/> (after a timeout, an "unavailable" answer, or a restart), which the target then
/// checks against the durable record whenever its bounded memory does not hold the key.
/// </summary>
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
