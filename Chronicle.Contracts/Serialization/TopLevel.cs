using System.Text.Json;

namespace Chronicle.Contracts.Serialization;

/// <summary>Reads one member of a stored payload's top-level object without decoding the rest.</summary>
internal static class TopLevel
{
    /// <summary>
    /// Whether the payload has a top-level member <paramref name="name"/>; <paramref name="value"/> is its value, null when
    /// that is not a string.
    /// </summary>
    /// <exception cref="JsonException">The payload is not a JSON object.</exception>
    public static bool TryString(ReadOnlySpan<byte> payload, string name, out string? value)
    {
        var reader = new Utf8JsonReader(payload);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("the payload is not a JSON object");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var found = reader.ValueTextEquals(name);
            reader.Read();
            if (found)
            {
                value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                return true;
            }
            reader.Skip();
        }
        value = null;
        return false;
    }
}
