using System.Text.Json;
using System.Text.Json.Serialization;
using Chronicle.Domain;

namespace Chronicle.Gateway.Http;

/// <summary>
/// A request's labels: a JSON object of string values within <see cref="ClientMetadata"/>'s bounds, each key once, as
/// <see cref="ClientMetadata.Read"/> judges them (its words are what the client is told); null for <c>{}</c>.
/// </summary>
internal sealed class MetadataConverter : JsonConverter<ClientMetadata>
{
    public override ClientMetadata? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new FieldException("must be an object of string keys to string values");
        var pairs = new List<(string Key, string? Value)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            // A value that is no string is passed as null, which ClientMetadata.Read names.
            pairs.Add((key, reader.TokenType == JsonTokenType.String ? reader.GetString() : null));
            reader.Skip();
        }
        return ClientMetadata.Read(pairs, out var metadata) is { } problem ? throw new FieldException(problem) : metadata;
    }

    // Requests are only read; answers are written with ApiJsonContext.
    public override void Write(Utf8JsonWriter writer, ClientMetadata value, JsonSerializerOptions options) => throw new NotSupportedException();
}
