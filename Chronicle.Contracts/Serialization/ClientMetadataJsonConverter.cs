using System.Text.Json;
using System.Text.Json.Serialization;
using Chronicle.Domain;

namespace Chronicle.Contracts.Serialization;

/// <summary>
/// <see cref="ClientMetadata"/> as the ledger stores and sends it: a JSON object of string values, keys in ordinal order (so a
/// set of labels is stored, and hashed into its account's chain, one way). Reads what it writes, nothing looser.
/// </summary>
internal sealed class ClientMetadataJsonConverter : JsonConverter<ClientMetadata>
{
    public override ClientMetadata? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"metadata is a JSON object, not {reader.TokenType}");
        var entries = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!reader.Read() || reader.TokenType != JsonTokenType.String) throw new JsonException($"metadata '{key}' is not a string");
            entries.Add(new(key, reader.GetString()!));
        }
        return ClientMetadata.Of(entries);
    }

    public override void Write(Utf8JsonWriter writer, ClientMetadata value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value.Entries) writer.WriteString(key, text);
        writer.WriteEndObject();
    }
}
