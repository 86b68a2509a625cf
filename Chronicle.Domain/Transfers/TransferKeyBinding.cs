using Chronicle.Domain.Accounts;

namespace Chronicle.Domain.Transfers;

/// <summary>
/// The request a transfer id named by the client was first sent with, under which key. A transfer id the
/// client chose is bound once (<c>TransferKeys</c>, a table with the id unique) before its source is asked,
/// so the id can never start a second transfer, and the key it came with (or, without one, the transfer's own
/// key) names that one request: sent again with another body, another id, or the id under another key, it is
/// refused. A transfer id derived from a key needs no binding: the key itself is unique in the journal.
/// </summary>
public sealed record TransferKeyBinding(string TransferId, string RequestFingerprint)
{
    public static TransferKeyBinding Of(SendTransfer request) => new(request.TransferId, Accounts.RequestFingerprint.Of(request));

    /// <summary>Null when <paramref name="request"/> is the request the binding holds; the refusal otherwise.</summary>
    public CommandRejected? Refusal(SendTransfer request)
    {
        if (this == Of(request)) return null;
        var what = request.TransferId == TransferId ? "with another request" : $"for transfer '{TransferId}'";
        return new CommandRejected(RejectionCode.IdempotencyKeyReused, $"this Idempotency-Key was already used {what}");
    }

    /// <summary>The refusal when the transfer id is bound to another key already.</summary>
    public static CommandRejected IdTaken(string transferId) =>
        new(RejectionCode.IdempotencyKeyReused, $"transfer '{transferId}' was already requested under another Idempotency-Key");
}
