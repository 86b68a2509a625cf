using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Transfers;

/// <summary>
/// The transfer request an Idempotency-Key was first sent with: the transfer it named (the body's
/// <c>transfer_id</c>, or the id derived from the key) and that request's fingerprint. One key names one
/// transfer request: sent again with another <c>transfer_id</c>, or none where it had one, or another
/// body, it is refused, so it can never start a second transfer. The saga checks the body against its
/// transfer id by itself; this is what ties the key to that id, and it is recorded before the saga is
/// asked (<c>TransferKeys</c>), durably, because a transfer named by the body is not found by its key.
/// </summary>
public sealed record TransferKeyBinding(string TransferId, string RequestFingerprint)
{
    public static TransferKeyBinding Of(StartTransfer request) => new(request.TransferId, request.Fingerprint());

    /// <summary>Null when <paramref name="request"/> is the request the key is bound to; the refusal otherwise.</summary>
    public CommandRejected? Refusal(StartTransfer request)
    {
        if (this == Of(request)) return null;
        var what = request.TransferId == TransferId ? "with another request" : $"for transfer '{TransferId}'";
        return new CommandRejected(RejectionCode.IdempotencyKeyReused, $"this Idempotency-Key was already used {what}");
    }
}
