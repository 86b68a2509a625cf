using Npgsql;

namespace Chronicle.Actors.EventStore;

/// <summary>
/// Reading an event straight from a journal row, as the SQL plugin itself would: the payload is
/// deserialized by Akka's serialization with the row's own serializer id and manifest. For the
/// readers that query the journal table directly (time travel, verify) because the plugin's read
/// journal costs several times the CPU for the same rows.
/// </summary>
public static class JournalPayload
{
    /// <summary>The payload's columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = "message, identifier, manifest";

    /// <param name="firstOrdinal">Where <see cref="Columns"/> start in the row.</param>
    public static object Read(NpgsqlDataReader reader, int firstOrdinal, Akka.Serialization.Serialization serialization) =>
        serialization.Deserialize(reader.GetFieldValue<byte[]>(firstOrdinal), reader.GetInt32(firstOrdinal + 1), reader.GetString(firstOrdinal + 2));
}
