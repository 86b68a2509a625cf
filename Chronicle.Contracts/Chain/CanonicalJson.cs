using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Chronicle.Contracts.Chain;

/// <summary>
/// The canonical form of the JSON the hash chain covers (docs/HASH-CHAIN.md): RFC 8785's (JCS) for the JSON the ledger
/// writes. No whitespace; object members sorted by name (ordinal over UTF-16 code units); strings with only <c>"</c>,
/// <c>\</c> and the control characters escaped (<c>\b \t \n \f \r</c>, the others as <c>\u00xx</c>), everything else as
/// UTF-8; numbers exactly as the payload holds them (the ledger writes integers only, which JCS writes the same way);
/// <c>true</c>, <c>false</c>, <c>null</c>. So an auditor's own JCS library, or Python's
/// <c>json.dumps(..., sort_keys=True, separators=(',', ':'), ensure_ascii=False)</c>, gives the same bytes.
/// </summary>
internal static class CanonicalJson
{
    /// <param name="skipMembers">Members of the top-level object left out (what the payload carries beside its content: its hash, its trace context).</param>
    public static void Write(JsonElement value, IBufferWriter<byte> output, string[]? skipMembers = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, output, skipMembers);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) output.Write(","u8);
                    first = false;
                    Write(item, output);
                }
                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(value.GetString()!, output);
                break;
            default:
                // Numbers, true, false, null: their bytes as stored.
                output.Write(JsonMarshal.GetRawUtf8Value(value));
                break;
        }
    }

    private static void WriteObject(JsonElement value, IBufferWriter<byte> output, string[]? skipMembers)
    {
        var members = new List<JsonProperty>();
        foreach (var member in value.EnumerateObject())
            if (skipMembers is null || Array.IndexOf(skipMembers, member.Name) < 0) members.Add(member);
        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0) output.Write(","u8);
            WriteString(members[i].Name, output);
            output.Write(":"u8);
            Write(members[i].Value, output);
        }
        output.Write("}"u8);
    }

    public static void WriteString(string text, IBufferWriter<byte> output)
    {
        output.Write("\""u8);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            WriteUtf8(text.AsSpan(start, i - start), output);
            WriteEscaped(c, output);
            start = i + 1;
        }
        WriteUtf8(text.AsSpan(start), output);
        output.Write("\""u8);
    }

    private static void WriteEscaped(char c, IBufferWriter<byte> output)
    {
        switch (c)
        {
            case '"': output.Write("\\\""u8); break;
            case '\\': output.Write("\\\\"u8); break;
            case '\b': output.Write("\\b"u8); break;
            case '\t': output.Write("\\t"u8); break;
            case '\n': output.Write("\\n"u8); break;
            case '\f': output.Write("\\f"u8); break;
            case '\r': output.Write("\\r"u8); break;
            default: WriteUtf8($"\\u{(int)c:x4}", output); break;
        }
    }

    private static void WriteUtf8(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        if (text.IsEmpty) return;
        var written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }
}
