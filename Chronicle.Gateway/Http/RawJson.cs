using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chronicle.Gateway.Http;

/// <summary>
/// A JSON value that is already text (a PostgreSQL jsonb column), written into a response as it is:
/// an object in the answer, not a string, and not parsed and re-serialised on the way.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Json);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    // The text comes from PostgreSQL's jsonb output, which is always valid JSON.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
