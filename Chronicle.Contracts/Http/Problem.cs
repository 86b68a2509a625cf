using System.Text.Json.Serialization;

namespace Chronicle.Contracts.Http;

/// <summary>
/// An RFC 9457 problem document. <c>code</c> is the machine-readable reason; <c>error</c> repeats
/// the human message under the name the original Chronicle design used, for existing clients.
/// </summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    string Error)
{
    [JsonPropertyName("current_version")]
    public long? CurrentVersion { get; init; }

    [JsonPropertyName("transfer_id")]
    public string? TransferId { get; init; }

    [JsonPropertyName("transfer_status")]
    public string? TransferStatus { get; init; }

    /// <summary>Field name → what is wrong with it, for validation failures.</summary>
    public IReadOnlyDictionary<string, string>? Errors { get; init; }
}
