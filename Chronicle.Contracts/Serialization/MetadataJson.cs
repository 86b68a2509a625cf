using System.Text.Json;
using Chronicle.Domain;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// Labels as JSON text, written as the journal writes them (<see cref="ClientMetadataJsonConverter"/>): for the read model's
/// jsonb columns and the filters on them. None is <c>{}</c> there, so every row has an object to match.
/// </summary>
public static class MetadataJson
{
    public const string None = "{}";

    public static string ToJson(ClientMetadata? metadata) =>
        metadata is null ? None : JsonSerializer.Serialize(metadata, LedgerJsonContext.Default.ClientMetadata);

    /// <summary>The labels of a JSON object of strings; null for <c>{}</c>.</summary>
    /// <exception cref="JsonException">Not such an object.</exception>
    public static ClientMetadata? FromJson(string json) => JsonSerializer.Deserialize(json, LedgerJsonContext.Default.ClientMetadata);
}
