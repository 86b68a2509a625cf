namespace Chronicle.Domain.Accounts;

/// <summary>
/// The keys of a transfer's own writes: its start when the client sent no key, the target's note of a hold, and the target's credit.
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
    bool IsResend,
    ClientMetadata? Metadata = null) : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "credit");
}

/// <summary>
/// The note a hold's source sends its target: hold this transfer as pending (<see cref="IncomingHoldOpened"/>). Applied once
/// by construction: a note for a hold the target holds already is answered from its state, and the note's step key puts the
/// one event it writes under the journal's unique key index, so a note that comes again after the hold ended there (late,
/// from an earlier incarnation of the source) is recognised as a repeat and opens nothing.
/// </summary>
public sealed record OpenIncomingHold(
    string AccountId,
    string TransferId,
    decimal Amount,
    string CurrencyCode,
    string FromAccountId,
    bool IsResend) : IAccountCommand
{
    public string? IdempotencyKey => TransferStepKey.For(TransferId, "hold");
}

/// <summary>
/// The release a source owes the target of a hold that ended without a credit: drop the pending entry. No key: the target's
/// state answers a repeat (nothing pending for the transfer any more), and a transfer's entry is never opened twice.
/// </summary>
public sealed record ReleaseIncomingHold(string AccountId, string TransferId, string FromAccountId) : IAccountCommand
{
    public string? IdempotencyKey => null;
}
