using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chronicle.Client.Http;

/// <summary>
/// Money on the wire: written as a decimal string ("50.25"), which the node reads exactly; read from the node's decimal
/// strings, or from a JSON number, straight into a decimal, never through a double.
/// </summary>
internal sealed class DecimalStringConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return reader.GetDecimal();
        var text = reader.GetString();
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new JsonException($"'{text}' is not a decimal amount");
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
