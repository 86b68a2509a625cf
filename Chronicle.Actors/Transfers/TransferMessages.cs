using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chronicle.Actors.Transfers;

/// <summary>Anything addressed to one transfer saga; the transfer id is the sharding entity id.</summary>
public interface ITransferMessage
{
    string TransferId { get; }
}

/// <summary>
/// Start a transfer, or (same id, same request) join the one already under way.
/// The sender is answered with <see cref="TransferStateReply"/> once the transfer has finished.
/// </summary>
public sealed record StartTransfer(string TransferId, string FromAccountId, string ToAccountId, decimal Amount, string? Description)
    : ITransferMessage
{
    /// <summary>What makes two requests under one transfer id "the same request".</summary>
    public string Fingerprint()
    {
        var canonical = $"{FromAccountId}|{ToAccountId}|{Amount.ToString("G29", CultureInfo.InvariantCulture)}|{Description}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))[..16]);
    }
}

public sealed record GetTransfer(string TransferId) : ITransferMessage;

/// <summary>The transfer's state: the answer to <see cref="GetTransfer"/>, and to <see cref="StartTransfer"/> once it finished.</summary>
public sealed record TransferStateReply(TransferState State);

/// <summary>Carry on with an unfinished transfer (sent by <see cref="TransferRecovery"/>); ignored by a finished one.</summary>
public sealed record ResumeTransfer(string TransferId) : ITransferMessage;
