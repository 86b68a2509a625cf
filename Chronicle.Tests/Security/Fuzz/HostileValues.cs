using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Chronicle.Tests.Security.Fuzz;

/// <summary>
/// Pools of values a hostile client sends, as raw JSON (so a number stays the literal it was written as).
/// "Invalid" pools hold only values the API must refuse wherever they stand; the others may be valid.
/// </summary>
public static class HostileValues
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON string literal; non-ASCII sent raw as UTF-8, control characters escaped as JSON requires.</summary>
    public static string Str(string value) => JsonSerializer.Serialize(value, Relaxed);

    /// <summary>Free text the API accepts: no control characters, but everything else a person or an attacker types.</summary>
    public static readonly string[] Texts =
    [
        "salary", "ünïcödé ✓", "中文说明", "emoji 🏦💸", "rtl \u202e gnp.exe", "zero\u200bwidth\u200djoiner", "quote \" and \\ backslash",
        "<script>alert(1)</script>", "'; DROP TABLE journal; --", "${jndi:ldap://x/a}", "%s%s%n", "\ud83d\ude00 surrogate pair", "  padded  ",
    ];

    /// <summary>Account or transfer ids outside 1-64 of [A-Za-z0-9_-]: refused as ids.</summary>
    public static string InvalidId(Random random) => random.Next(14) switch
    {
        0 => "",
        1 => new string('a', 65 + random.Next(100)),
        2 => new string('z', 1000 + random.Next(20_000)),
        3 => "bad id",
        4 => "café",
        5 => "中文",
        6 => "a\u0000b",
        7 => "a\u0007\u001b[31m",
        8 => "../admin",
        9 => "a/b",
        10 => "x' OR '1'='1",
        11 => "fz-usd\u200b",
        12 => "%2e%2e",
        _ => "🏦" + random.Next(1000),
    };

    /// <summary>Amounts refused wherever an amount stands, zero allowed or not (as raw JSON).</summary>
    public static string InvalidAmount(Random random) => random.Next(26) switch
    {
        0 => "-1",
        1 => "\"-0.01\"",
        2 => "1e-30",
        3 => "\"1e-30\"",
        4 => "1e308",
        5 => "9223372036854775808",
        6 => "\"9223372036854775808\"",
        7 => "-9223372036854775809",
        8 => "\"NaN\"",
        9 => "\"Infinity\"",
        10 => "\"-Infinity\"",
        11 => "\"1.000000001\"",
        12 => "\"0x10\"",
        13 => "\"1,00\"",
        14 => "\" 1\"",
        15 => "\"+1\"",
        16 => "\"1e5000\"",
        17 => "\"\"",
        18 => "\"١٢\"",
        19 => "\"1.\"",
        20 => "\".5\"",
        21 => "1.7976931348623157e309",
        22 => "123456789012345678901234567890",
        23 => "true",
        24 => "[1]",
        _ => "{\"value\":1}",
    };

    /// <summary>Zero in its spellings: refused where a positive amount is required (not as an initial balance).</summary>
    public static readonly string[] Zeros = ["0", "-0", "\"0\"", "\"-0\"", "\"0.00\"", "0e10", "\"0.000\""];

    /// <summary>expected_version values refused by the gateway (not integers in 0..2^63-1).</summary>
    public static readonly string[] InvalidVersions = ["-1", "1.5", "\"1\"", "9223372036854775808", "true", "1e3", "{}"];

    public static readonly string[] InvalidCurrencies = ["\"usd\"", "\"US\"", "\"USDD\"", "\"XXX\"", "\"€\"", "840", "\"\"", "\"U5D\""];

    /// <summary>Strings refused as text: control characters, or longer than any text field allows.</summary>
    public static string InvalidText(Random random) => random.Next(4) switch
    {
        0 => Str("line\nbreak"),
        1 => Str("nul\u0000"),
        2 => Str(new string('x', 501 + random.Next(2000))),
        _ => Str(""),
    };

    /// <summary>Metadata the API accepts: none, a little, labels in any script, the most it takes.</summary>
    public static readonly string[] ValidMetadata =
    [
        "{}", Labels(("order", "42")), Labels(("ünï ✓", "中文 🏦"), ("empty", "")), Labels(("quote \" and \\", "'; DROP TABLE transactions; --")),
        Labels([.. Enumerable.Range(0, 20).Select(i => ($"{i:D2}" + new string('k', 38), new string('v', 500)))]),
    ];

    /// <summary>Metadata refused wherever it stands (as raw JSON).</summary>
    public static string InvalidMetadata(Random random) => random.Next(11) switch
    {
        0 => Labels([.. Enumerable.Range(0, 21 + random.Next(100)).Select(i => ($"k{i}", "v"))]),
        1 => Labels((new string('k', 41 + random.Next(1000)), "v")),
        2 => Labels(("k", new string('v', 501 + random.Next(5000)))),
        3 => Labels(("", "v")),
        4 => Labels(("a[b]", "v")),
        5 => Labels(("k", "bell\u0007")),
        6 => Labels(("nul\u0000", "v")),
        7 => "{\"k\":\"a\",\"k\":\"b\"}",
        8 => "{\"k\":\"\\ud800\"}",
        9 => "{\"k\":" + Pick(random, NotStrings.Where(s => s != "{}").Append("null").ToArray()) + "}",
        _ => Pick(random, ["\"k=v\"", "[]", "7", "true"]),
    };

    private static string Labels(params (string Key, string Value)[] labels) => "{" + string.Join(",", labels.Select(l => Str(l.Key) + ":" + Str(l.Value))) + "}";

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    /// <summary>Non-null JSON of the wrong type for a string field.</summary>
    public static readonly string[] NotStrings = ["7", "-1.5", "true", "false", "[]", "[\"a\"]", "{}", "{\"a\":1}"];

    /// <summary>Bodies that are not one JSON object.</summary>
    public static byte[] BrokenBody(Random random) => random.Next(16) switch
    {
        0 => [],
        1 => "   "u8.ToArray(),
        2 => "{"u8.ToArray(),
        3 => "{\"account_id\":\"fz-usd\",\"amount\":1"u8.ToArray(),
        4 => "[]"u8.ToArray(),
        5 => "null"u8.ToArray(),
        6 => "\"just a string\""u8.ToArray(),
        7 => "42"u8.ToArray(),
        8 => "{\"account_id\":\"fz-usd\",\"amount\":1,}"u8.ToArray(),
        9 => "{\"account_id\":\"fz-usd\" /* c */,\"amount\":1}"u8.ToArray(),
        10 => "{'account_id':'fz-usd','amount':1}"u8.ToArray(),
        11 => "{\"account_id\":\"fz-usd\",\"amount\":NaN}"u8.ToArray(),
        12 => [0xC3, 0x28, 0x7B, 0xFF, 0xFE],
        13 => [.. "{\"account_id\":\"fz-"u8, 0xC3, 0x28, .. "\"}"u8],
        14 => RandomBytes(random),
        _ => Encoding.UTF8.GetBytes("{\"account_id\":\"fz-usd\",\"amount\":\"1.00\"}{\"second\":1}"),
    };

    /// <summary>Random JSON of any shape (not an object at the top only sometimes): what a confused client sends.</summary>
    public static string RandomJson(Random random, int depth = 0) => (depth > 3 ? random.Next(5) : random.Next(8)) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => Str(Texts[random.Next(Texts.Length)]),
        4 => InvalidAmount(random),
        5 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ =>
            Str(random.Next(3) == 0 ? Texts[random.Next(Texts.Length)] : "account_id") + ":" + RandomJson(random, depth + 1))) + "}",
    };

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[1 + random.Next(200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
