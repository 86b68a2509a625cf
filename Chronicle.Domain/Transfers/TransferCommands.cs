using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Chronicle.Domain.Transfers;

/// <summary>Anything addressed to one transfer saga; the transfer id is the sharding entity id.</summary>
public interface ITransferMessage
{
    string TransferId { get; }
}

/// <summary>
/// Start a transfer, or (same id, same request) join the one already under way.
/// The sender is answered with the transfer's state once the transfer has finished.
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
