using System.Text.Json;
using Chronicle.Client.Http;

namespace Chronicle.Client;

/// <summary>One write of a batch, with the key it goes under (what the Idempotency-Key header is to the route alone).</summary>
/// <param name="Command">The write.</param>
/// <param name="IdempotencyKey">Its key; one made for it when null (<see cref="ChronicleClientOptions.NewIdempotencyKey"/>).</param>
public sealed record BatchCommand(ChronicleCommand Command, string? IdempotencyKey = null)
{
    /// <summary>A write with no key of its own: the client makes one.</summary>
    /// <param name="command">The write.</param>
    public static implicit operator BatchCommand(ChronicleCommand command) => new(command);

    /// <summary><c>{"commands": [{"type": ..., the command's fields, "idempotency_key": ...}, ...]}</c>.</summary>
    internal static byte[] Serialize(IEnumerable<BatchCommand> commands)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("commands");
            foreach (var (command, key) in commands)
            {
                writer.WriteStartObject();
                writer.WriteString("type", command.Type);
                foreach (var field in JsonSerializer.SerializeToElement(command, ClientJson.Default.GetTypeInfo(command.GetType())!).EnumerateObject())
                    field.WriteTo(writer);
                if (key is not null) writer.WriteString("idempotency_key", key);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
