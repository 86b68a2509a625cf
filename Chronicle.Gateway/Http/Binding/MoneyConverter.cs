using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Chronicle.Domain.Money;

namespace Chronicle.Gateway.Http;

/// <summary>
/// A money amount in a request: a JSON number or a decimal string, parsed exactly from its text by <see cref="AmountParser"/>
/// (never through a double, so 0.1 is 0.1). Every decimal a request carries is money (<see cref="RequestJson"/>).
/// </summary>
internal sealed class MoneyConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType switch
        {
            // A number's text is never escaped: its bytes are its digits.
            JsonTokenType.Number => reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence) : Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.String => reader.GetString()!,
            _ => throw new FieldException("must be a number or a decimal string"),
        };
        return AmountParser.TryParse(text, out var amount, out var problem) ? amount : throw new FieldException(problem);
    }

    // Requests are only read; answers are written with ApiJsonContext.
    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => throw new NotSupportedException();
}
