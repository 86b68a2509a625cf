using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chronicle.Gateway.Http;

/// <summary>
/// A batch's command as it was sent, taken whole without judging it: each is bound later as its own route's body
/// (BatchItem), so what is wrong inside one (a field given twice, say) is that command's 400, not the batch's.
/// </summary>
internal sealed class BatchCommandConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsonElement.ParseValue(ref reader);

    // Requests are only read; answers are written with ApiJsonContext.
    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => throw new NotSupportedException();
}
